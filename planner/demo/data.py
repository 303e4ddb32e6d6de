"""Fixed vocabulary for the demo mission: fictional organisations and people.

Every organisation here is invented. Names use the scripts real missions meet: Latin with
diacritics, Japanese (including 髙 and 﨑, which Shift_JIS cannot encode), Korean and Chinese.
"""

from __future__ import annotations

LEAD_ORGS = [
    ("Thames Health Innovation Cluster", "cluster", "GB", "London's cluster of life-science SMEs, NHS trusts and universities."),
    ("Pennine Health Science Alliance", "cluster", "GB", "An alliance of universities and teaching hospitals in the North of England."),
]

MEMBER_ORG_PARTS = [
    ("Aldgate", "Therapeutics", "company", "oncology"), ("Brunel", "Diagnostics", "company", "diagnostics"),
    ("Calder Valley", "Biologics", "company", "biologics"), ("Dales", "MedTech", "company", "medtech"),
    ("Eden", "Genomics", "company", "genomics"), ("Fenwick", "Bio", "company", "cell therapy"),
    ("Greenwich", "AI Health", "company", "ai"), ("Harrogate", "Devices", "company", "medtech"),
    ("Islington", "Vaccines", "company", "vaccines"), ("Jesmond", "Imaging", "company", "imaging"),
    ("Kelham", "Antibodies", "company", "biologics"), ("Lune", "Microbiome", "company", "microbiome"),
    ("Mersey", "Rare Disease", "company", "rare disease"), ("Northern", "Digital Pathology", "company", "digital health"),
    ("Ouseburn", "Robotics", "company", "medtech"), ("Pimlico", "Neuro", "company", "neuroscience"),
    ("Quayside", "Analytics", "company", "digital health"), ("Ribble", "Peptides", "company", "drug discovery"),
    ("Southwark", "Cell Sciences", "company", "cell therapy"), ("Tyne", "Materials", "company", "biomaterials"),
    ("University of", "Wearside", "university", "academia"), ("University of", "Kennet", "university", "academia"),
    ("Pennine Royal", "Hospitals NHS Trust", "hospital_trust", "clinical research"),
    ("Thames", "BioVentures", "investor", "investment"), ("Northern", "Health Capital", "investor", "investment"),
]

WESTERN_GIVEN = [
    "Alice", "Ben", "Chloë", "Daniel", "Eleanor", "Farah", "George", "Hannah", "Imran", "Joanna",
    "Kieran", "Lucy", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Siân", "Tomasz", "Una",
    "Victoria", "William", "Zoë", "Łukasz", "Amélie", "Bjørn", "Catrin", "Dmitri", "Émile", "Fiona",
]
WESTERN_FAMILY = [
    "Adams", "Bennett", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Kowalski", "Lewis", "McAllister", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts", "Singh",
    "Thompson", "Underwood", "Vaughan", "Walsh", "Young", "Ó Súilleabháin", "Müller", "Brontë",
    "Ferreira", "Lindqvist", "Zając",
]

JP_ORGS = [
    ("Sakura Pharma K.K.", "桜ファーマ株式会社", "company", "drug discovery", "Tokyo"),
    ("Kansai Bio Innovations", "関西バイオイノベーションズ株式会社", "company", "biologics", "Osaka"),
    ("Toto University", "東都大学", "university", "academia", "Tokyo"),
    ("Minato Medical Devices", "港メディカルデバイス株式会社", "company", "medtech", "Yokohama"),
    ("Shonan Research Park Ventures", "湘南リサーチパークベンチャーズ", "investor", "investment", "Fujisawa"),
    ("Hokuriku Genomics", "北陸ゲノミクス株式会社", "company", "genomics", "Kanazawa"),
    ("Kyushu Cell Therapy", "九州セルセラピー株式会社", "company", "cell therapy", "Fukuoka"),
    ("Yamate Diagnostics", "山手ダイアグノスティクス株式会社", "company", "diagnostics", "Yokohama"),
    ("Tohoku Regenerative Medicine Institute", "東北再生医療研究所", "university", "academia", "Sendai"),
    ("Nagoya AI Health", "名古屋AIヘルス株式会社", "company", "ai", "Nagoya"),
    ("Setouchi Vaccines", "瀬戸内ワクチン株式会社", "company", "vaccines", "Hiroshima"),
    ("Kanagawa Prefectural Innovation Agency", "神奈川県イノベーション推進機構", "government", "government", "Yokohama"),
    ("Chiba Biomaterials", "千葉バイオマテリアル株式会社", "company", "biomaterials", "Chiba"),
    ("Fuji Neuro Sciences", "富士ニューロサイエンス株式会社", "company", "neuroscience", "Shizuoka"),
    ("Ōmi Rare Disease Foundation", "近江希少疾患財団", "other", "rare disease", "Shiga"),
    ("Hakata Digital Pathology", "博多デジタルパソロジー株式会社", "company", "digital health", "Fukuoka"),
    ("Keihin Contract Research", "京浜受託研究株式会社", "company", "clinical research", "Kawasaki"),
    ("Tama Microbiome Labs", "多摩マイクロバイオームラボ株式会社", "company", "microbiome", "Tokyo"),
    ("Sapporo Peptide Works", "札幌ペプチドワークス株式会社", "company", "drug discovery", "Sapporo"),
    ("Kobe Imaging Systems", "神戸イメージングシステムズ株式会社", "company", "imaging", "Kobe"),
    ("Ｎｉｈｏｎ Antibody Partners", "日本抗体パートナーズ株式会社", "company", "biologics", "Tokyo"),
    ("Keiyo University Hospital", "京葉大学病院", "hospital_trust", "clinical research", "Chiba"),
    ("Mirai Health Capital", "ミライヘルスキャピタル株式会社", "investor", "investment", "Tokyo"),
    ("Aoba Robotics Surgery", "青葉ロボティクスサージェリー株式会社", "company", "medtech", "Sendai"),
    ("Kamakura Bio Ventures", "鎌倉バイオベンチャーズ株式会社", "company", "oncology", "Kamakura"),
    ("Shinagawa Oncology", "品川オンコロジー株式会社", "company", "oncology", "Tokyo"),
    ("Hanshin Medical Materials", "阪神メディカルマテリアル株式会社", "company", "biomaterials", "Amagasaki"),
    ("Izumo Digital Health", "出雲デジタルヘルス株式会社", "company", "digital health", "Matsue"),
]

KR_ORGS = [
    ("Hanbit Biologics", "한빛바이오로직스", "company", "biologics", "Incheon"),
    ("Seoul Precision Medicine", "서울정밀의학", "company", "genomics", "Seoul"),
    ("Daehan Medical Devices", "대한메디컬디바이스", "company", "medtech", "Wonju"),
    ("Hangang University", "한강대학교", "university", "academia", "Seoul"),
    ("Busan Marine Bio", "부산해양바이오", "company", "drug discovery", "Busan"),
    ("Songdo Bio Cluster Agency", "송도바이오클러스터진흥원", "government", "government", "Incheon"),
    ("Pangyo AI Diagnostics", "판교AI진단", "company", "ai", "Seongnam"),
    ("Daejeon Cell Institute", "대전세포연구소", "university", "cell therapy", "Daejeon"),
]

CN_ORGS = [
    ("Pearl River Biotech", "珠江生物科技有限公司", "company", "biologics", "Guangzhou", "CN"),
    ("Victoria Harbour Life Sciences", "維港生命科學有限公司", "company", "diagnostics", "Hong Kong", "HK"),
    ("Taipei Precision Devices", "臺北精密醫材股份有限公司", "company", "medtech", "Taipei", "TW"),
    ("Suzhou Antibody Works", "苏州抗体工场有限公司", "company", "biologics", "Suzhou", "CN"),
]

# (family native, given native, family romaji, given romaji, reading in kana)
JP_PEOPLE = [
    ("山田", "太郎", "Yamada", "Taro", "やまだ たろう"), ("髙橋", "﨑子", "Takahashi", "Sakiko", "たかはし さきこ"),
    ("佐藤", "健一", "Sato", "Kenichi", "さとう けんいち"), ("鈴木", "花子", "Suzuki", "Hanako", "すずき はなこ"),
    ("田中", "翔", "Tanaka", "Sho", "たなか しょう"), ("伊藤", "美咲", "Ito", "Misaki", "いとう みさき"),
    ("渡辺", "大輔", "Watanabe", "Daisuke", "わたなべ だいすけ"), ("中村", "彩", "Nakamura", "Aya", "なかむら あや"),
    ("小林", "拓海", "Kobayashi", "Takumi", "こばやし たくみ"), ("加藤", "由美", "Kato", "Yumi", "かとう ゆみ"),
    ("吉田", "誠", "Yoshida", "Makoto", "よしだ まこと"), ("山口", "恵", "Yamaguchi", "Megumi", "やまぐち めぐみ"),
    ("松本", "浩二", "Matsumoto", "Koji", "まつもと こうじ"), ("井上", "真由美", "Inoue", "Mayumi", "いのうえ まゆみ"),
    ("木村", "直樹", "Kimura", "Naoki", "きむら なおき"), ("林", "千尋", "Hayashi", "Chihiro", "はやし ちひろ"),
    ("斎藤", "亮", "Saito", "Ryo", "さいとう りょう"), ("清水", "由香", "Shimizu", "Yuka", "しみず ゆか"),
    ("山崎", "剛", "Yamazaki", "Tsuyoshi", "やまざき つよし"), ("森", "結衣", "Mori", "Yui", "もり ゆい"),
    ("池田", "隆", "Ikeda", "Takashi", "いけだ たかし"), ("橋本", "愛", "Hashimoto", "Ai", "はしもと あい"),
    ("阿部", "悠人", "Abe", "Yuto", "あべ ゆうと"), ("石川", "紗希", "Ishikawa", "Saki", "いしかわ さき"),
    ("前田", "俊介", "Maeda", "Shunsuke", "まえだ しゅんすけ"), ("藤田", "奈々", "Fujita", "Nana", "ふじた なな"),
    ("岡田", "修", "Okada", "Osamu", "おかだ おさむ"), ("長谷川", "舞", "Hasegawa", "Mai", "はせがわ まい"),
]
KR_PEOPLE = [
    ("김", "민준", "Kim", "Min-jun"), ("이", "서연", "Lee", "Seo-yeon"), ("박", "지훈", "Park", "Ji-hoon"),
    ("최", "수아", "Choi", "Su-a"), ("정", "도윤", "Jung", "Do-yun"), ("강", "하은", "Kang", "Ha-eun"),
    ("조", "예준", "Cho", "Ye-jun"), ("윤", "지우", "Yoon", "Ji-woo"), ("장", "서준", "Jang", "Seo-jun"),
    ("임", "하린", "Lim", "Ha-rin"),
]
CN_PEOPLE = [
    ("张", "伟", "Zhang", "Wei", "CN"), ("陳", "大文", "Chan", "Tai-man", "HK"), ("林", "怡君", "Lin", "Yi-chun", "TW"),
    ("王", "芳", "Wang", "Fang", "CN"), ("李", "娜", "Li", "Na", "CN"),
]

PITCH_TOPICS = [
    "First-in-class oral peptide for fibrosis", "AI triage for digital pathology", "Point-of-care sepsis test",
    "Allogeneic CAR-T manufacturing platform", "Microbiome therapeutics for IBD", "Robotic endoscopy system",
    "mRNA vaccine thermostability", "Wearable gait analysis for Parkinson's", "Rare-disease patient registry",
    "Biomaterials for bone regeneration", "Antibody discovery at scale", "Real-world evidence from NHS data",
    "Closed-loop insulin delivery", "Single-cell genomics services", "Imaging biomarkers for dementia",
    "Clinical trial site network in the North", "Investing in UK–Japan biotech", "Digital twins for drug safety",
]

OBJECTIVES = [
    "Explore co-development of the lead asset in Japan",
    "Discuss a licensing deal for the Japanese market",
    "Introduce our CRO services for first-in-human trials",
    "Understand their regulatory pathway experience with PMDA",
    "Seek a distribution partner for the diagnostic kit",
    "Scope a joint research proposal (UKRI–AMED call)",
    "Follow up on last year's MoU and agree next steps",
    "Present investment opportunity to their venture arm",
    "Explore a clinical validation study with their hospital network",
]
TALKING_POINTS = [
    "Data from the phase I study; manufacturing capacity; timelines for 2027",
    "Their interest in the UK clinical network; NHS data access; grant co-funding",
    "Price expectations; exclusivity in Japan and Korea; IP position",
    "Ask about their open innovation programme and the next application deadline",
]
OUTCOME_NOTES = [
    "Very engaged; asked for the data pack and a call with our CSO.",
    "Interested but budget decisions are made in April.",
    "Not a fit for their portfolio right now; keep in touch.",
    "Wants an introduction to our hospital partners; send NDA.",
    "Useful market intelligence on reimbursement in Japan.",
]
NEXT_ACTIONS = [
    "Send the non-confidential data pack", "Arrange a follow-up video call", "Share draft NDA",
    "Introduce to the clinical network lead", "Send the grant call details", "Prepare a term sheet outline",
    "Book a visit to their R&D site", "Send meeting notes and thank-you letter",
]
DIETARY = ["", "", "", "", "vegetarian", "vegan", "halal", "no pork", "gluten-free", "nut allergy"]
