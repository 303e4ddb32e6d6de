"""Reading people rows, deciding who each is (the identity rules), writing them."""
