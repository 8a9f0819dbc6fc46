"""The words that tell what an amount in a news sentence is: patterns in English and Chinese.

Each pattern is one cue :mod:`graph.ingest.drafts` looks for around an amount: a denial
(``DENIAL``), talks (``TALKS``), a revenue figure (``RUN_RATE``, ``REVENUE``), a round
(``ROUND``, ``RAISED``), a tranche (``UPFRONT``, ``LATER``), an acquisition (``ACQUIRE``),
a valuation (``VALUATION``), chips (``CHIPS``), spending (``SPEND``), an investment
(``INVEST``), a verb of supply (``PROVIDER_VERB``) and the words that introduce a party as an
object (``OBJECT_MARKER``) or a new name (``NEW_MARKER``). Case is ignored.

Examples
--------
>>> bool(DENIAL.search("Nvidia denied the report")), bool(DENIAL.search("腾讯方面昨日予以否认"))
(True, True)
>>> [bool(UPFRONT.search(t)) for t in ("$5 billion upfront", "首期100亿美元", "later")]
[True, True, False]
"""

from __future__ import annotations

import re


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


DENIAL = _cue(
    r"\bden(?:y|ies|ied)\b|\brejected (?:a|the) report|no such (?:agreement|deal)"
    r"|wide of the mark|\buntrue\b|\binaccurate\b|\bno (?:such )?plans?\b"
    r"|否认|辟谣|不实|并无此事|暂无此计划|没有此计划|无此计划"
)
TALKS = _cue(r"\bin talks\b|\btalks to\b|\bnegotiat|\bin discussions?\b|洽谈|谈判|磋商")
HYPOTHETICAL = _cue(r"could (?:grow|rise|reach|increase|expand) to\s*$|可能增至\s*$|或将增至\s*$")
RUN_RATE = _cue(
    r"annuali[sz]ed revenue|run-rate revenue|revenue run[- ]rate|\bARR\b"
    r"|annual recurring revenue|年化收入|年化营收"
)
REVENUE = _cue(r"\brevenues?\b|\bsales\b|收入|营收")
ROUND = _cue(r"funding round|financing round|series [a-z]\b|融资")
#: "raised $2B", "closed a $20 billion": the amount is the round itself.
RAISED_ALONE = _cue(
    r"\b(?:raised|raises|has raised|have raised|drew|draws|pulled in|brought in|took in)\s+$"
)
#: "a $40 billion round led by SoftBank": the amount names the round.
ROUND_NAMED = _cue(r"^\s*(?:funding\s+|financing\s+|investment\s+|equity\s+)?round\b")
#: "提供价值约3000亿美元的算力", "of compute": what a supplier provides is compute.
COMPUTE_AFTER = _cue(r"^\s*(?:的|of\s+)?(?:算力|计算资源|云服务|compute|computing|cloud)")
LATTER = _cue(r"后者|\bthe latter\b")
#: "an order for accelerators from OpenAI": the buyer comes after "from".
ORDER_FROM = _cue(r"^\W*(?:[\w-]+\s+){0,5}?from\s+$")
#: "The deal values Scale at...": the company of the deal just drafted.
THE_DEAL = _cue(r"\bthe (?:deal|investment|transaction|round)\b|该交易|本轮")
VALUATION_AFTER = _cue(r"^\s*(?:pre-money\s+|post-money\s+)?valuation\b")
RAISED = _cue(r"\b(?:raised|raises|closed|secured|completed)\s+(?:a\s+|an\s+)?$|完成$")
ROUND_AFTER = _cue(r"\b(?:in\s+(?:new|fresh|additional)\s+)?(?:funding|financing)\b|\bround\b|融资")
#: "a round for Moonshot AI": the company raising comes after.
FOR = _cue(r"^\W*(?:\w+\W+){0,4}?(?:for|of|into)\s+$")
ROUND_RAISING = _cue(r"is raising|are raising|in talks to raise|seeking to raise|正在融资|拟融资")
UPFRONT = _cue(
    r"upfront|up front|\bnow\b|immediately|initial|\bfirst\b|at signing|立即|首期|首笔|先期"
)
LATER = _cue(
    r"tied to|upon|\bif\b|milestones?|performance targets|subsequent|\blater\b"
    r"|里程碑|业绩|其余|剩余|另有|视"
)
ACQUIRE = _cue(
    r"acqui(?:re|res|red|ring|sition)|\bbuy(?:s|ing)?\b|\bbought\b|takeover|take over"
    r"|purchase of|收购|并购"
)
#: "buying a 49% stake": an investment, not an acquisition.
STAKE = _cue(r"\b(?:a|an|\d+(?:\.\d+)?%)\s+(?:minority\s+|majority\s+)?stake\b|股份|股权")
#: "buy $5.8 billion of equipment": a purchase of goods, not of a company.
BUY_AMOUNT = _cue(r"\b(?:buy|buys|bought|buying|purchase|purchases|purchased)\s*$")
#: "a contract valued at $20 billion": the value of the deal, not of a company.
#: "$5.8 billion of equipment": hardware bought by the amount.
GOODS = _cue(r"^\s*(?:worth\s+)?of\s+(?:[\w-]+\s+){0,2}?(?:servers|equipment|hardware)\b")
DEAL_VALUE = _cue(
    r"(?:contract|deal|agreement|transaction|order)s?\s+(?:\w+\s+){0,2}"
    r"(?:valued|put|estimated|pegged)\s+at"
)
#: "supply X with $2 billion of compute credits": the value of what is supplied.
GOODS_OF = _cue(r"^\s*(?:worth\s+)?of\s+\w")
VALUATION = _cue(
    r"valu(?:ed|ing|ation|es)\b|market (?:value|capitali[sz]ation|cap)\b"
    r"|\b(?:is|was|are|were|be|now)\s+(?:now\s+)?worth\b|估值|市值"
)
CHIPS = _cue(
    r"(?:chips?|GPUs|graphics processors|processors|accelerators|racks|systems|TPUs?|Trainium"
    r"|Ascend|芯片|加速卡|系统|昇腾)"
    r"(?![\s-]*(?:v?\d[\w.]*\s*)?(?:capacity|compute|cluster|算力|start-?up|company|maker"
    r"|designer|firm))"
)
SPEND = _cue(
    r"\bspend|\bpay\b|\bpays\b|\bpaid\b|\bpaying\b|purchase|\bprocure|\bbuy\b|\bbuys\b"
    r"|(?:agreement|contract|deal)s? (?:with|worth)"
    r"|\border\b|\borders\b|采购|支出|合同|购买|投入|订单|下单"
)
INVEST = _cue(
    r"invest|\bput\b(?!\s+at\b)|\bputting\b|pledg|\bstake\b|backing|commitment of"
    r"|出资|投资|注资|入股|领投"
    r"|认购|股份"
)
PROVIDER_VERB = _cue(
    r"\bsupply|\bprovide|\bsell|\bgive|\b(?:rent|lease)s?\s+(?-i:[A-Z])|供应|提供|出售"
)
REPORTING = _cue(
    r"\W*(?:'s(?:\s+\w+){0,3}\s+|\s*(?:on\s+\w+day\s+)?)"
    r"(?:本?周[一二三四五六日]|\d+月\d+日|昨日|今日)?"
    r"(?:said|says|announced|confirmed|disclosed|told|表示|宣布|确认|称|透露)"
)
OBJECT_MARKER = _cue(
    r"(?:\b(?:in|into|to|with|on|from|for|of|by|invest|invests|invested|pay|pays|paying|supply"
    r"|provide|sell|sells"
    r"|acquire|acquires|acquired|buy|buys)\s+(?:the\s+)?|[向为给对与在从]|投资|收购|采购|领投|参投|认购)$"
)
#: Where a new entity may be named: after these words, with at most three words between.
NEW_MARKER = _cue(
    r"\b(?:in|into|acquire|acquires|acquired|acquiring|buy|buys|bought|purchase of|takeover of"
    r"|supply|supplies|provide|provides|sell to|sells to)"
    r"\s+(?:[\w-]+\s+){0,3}$"
)
THAT = _cue(r"^\W*(?:that\s+)?$")
JOINED = _cue(r"^\s*(?:and|&|与|和|及)\s*$")
UP_FROM = _cue(r"(?:up|down|increase|rise|jump|growth) from\s*$|compared with\s*$|较\s*$|从\s*$")
#: Money spent on things, not paid to a party ("$5bn on cloud infrastructure in Britain").
CAPEX = _cue(
    r"^\s*(?:(?:in|into|on)\s+(?!the\b)(?-i:[a-z])|to (?:build|expand|fund|develop)\b|用于|建设)"
)
SEPARATE = _cue(r"^\W*(?:separately|in a separate|另据|另外|此外|另一方面)")
EARLIER = _cue(r"\bearlier\b|\bpreviously\b|\bhad been\b|此前|之前|早前")
CLAUSE = re.compile(r"[,，;；:：—]|\bwhile\b|\bwhereas\b")
RESPECTIVELY = _cue(r"\brespectively\b|分别")


ACQUIRE_AFTER = _cue(
    r"^\s*[\u4e00-\u9fff]{0,4}?(?:收购|并购)"
    r"|^\s*(?:in (?:cash|stock)\s+)?for\s+(?:the\s+)?(?:assets|business|unit"
    r"|division|operations)\s+of\b"
)
#: "sold its stake for $5.8 billion": a sale, which no draft kind holds.
SALE = _cue(r"\b(?:sold|sells|sell|sale of|divest\w*)\b|出售|减持")
#: "raised", "融资额为": the amount is a round.
RAISED_BEFORE = _cue(r"融资额|募资|募集|raising of|raised a total of")
#: "A $3 billion investment from Google in Anthropic": the investor comes after "from".
FROM = _cue(r"^\W*(?:[\w-]+\s+){0,2}?(?:from|by)\s+$")
ZH_TARGET = re.compile(
    r"(?:收购|并购)(?:一家|一间|一个)?([\u4e00-\u9fff]{2,12}?)(?:旗下|的|公司|，|。|$)"
)
#: Capitalised words that are no party: nationalities, places, generic words.
NOT_NAMES = frozenset(
    [
        "AI",
        "US",
        "UK",
        "EU",
        "U.S.",
        "American",
        "British",
        "Chinese",
        "French",
        "Dutch",
        "German",
        "Japanese",
        "Korean",
        "Indian",
        "Israeli",
        "Canadian",
        "Swiss",
        "Swedish",
        "European",
        "Britain",
        "China",
        "France",
        "Germany",
        "Japan",
        "India",
        "Europe",
        "America",
        "Series",
        "IPO",
        "CEO",
        "GPU",
        "GPUs",
        "TPU",
    ]
)
