"""The demo mission: BioJapan 2026 (Yokohama) with a Tokyo symposium the day before."""

from planner.demo.builder import DEMO_EVENT_CODE, DemoSummary, build_demo

__all__ = ["DEMO_EVENT_CODE", "DemoSummary", "build_demo"]
