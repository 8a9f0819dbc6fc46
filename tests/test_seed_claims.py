"""Every factual claim of the seed article is in the graph.

The seed article is shared/seed/ai-cloud-wars-article.txt ("Titanium Media APP, author AGI
Signal"). Its claims are numbered S1..Sn in article order below; each has a short paraphrase
and a SPARQL ASK query that checks the claim's substance (parties, amounts with the right
bound property, tranche kinds, dates, capacity, chips, status). The node that encodes claim Sn
carries aikg:seedClaim "Sn" and prov:wasDerivedFrom id:src-seed-article.
"""

from __future__ import annotations

import re

import pytest
import rdflib

PREFIXES = """
PREFIX aikg:   <https://w3id.org/aikg/ontology#>
PREFIX id:     <https://w3id.org/aikg/id/>
PREFIX schema: <https://schema.org/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX time:   <http://www.w3.org/2006/time#>
"""

# (number, paraphrase, ASK query body)
SEED_CLAIMS: list[tuple[str, str, str]] = [
    (
        "S1",
        "Amazon announces a further investment of up to $25B in Anthropic (20 Apr 2026).",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S1" ;
        aikg:investor id:amazon ; aikg:investee id:anthropic ;
        aikg:announcedDate "2026-04-20"^^xsd:date ;
        aikg:amount/schema:maxValue ?v .
      FILTER(?v = 25000000000.0) }""",
    ),
    (
        "S2",
        "Google announces an investment of up to $40B in Anthropic (24 Apr 2026).",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S2" ;
        aikg:investor id:google ; aikg:investee id:anthropic ;
        aikg:announcedDate "2026-04-24"^^xsd:date ;
        aikg:amount/schema:maxValue ?v .
      FILTER(?v = 40000000000.0) }""",
    ),
    (
        "S3",
        "The two rival clouds put about $65B into Anthropic within four days.",
        """
ASK { ?a aikg:seedClaim "S3" ; aikg:investor id:amazon ; aikg:investee id:anthropic ;
        aikg:announcedDate ?d1 ; aikg:amount/schema:maxValue ?x .
      ?g aikg:seedClaim "S3" ; aikg:investor id:google ; aikg:investee id:anthropic ;
        aikg:announcedDate ?d2 ; aikg:amount/schema:maxValue ?y .
      FILTER(?x + ?y = 65000000000.0)
      FILTER(?d1 = "2026-04-20"^^xsd:date && ?d2 = "2026-04-24"^^xsd:date) }""",
    ),
    (
        "S4",
        "Both investments come with commitments by Anthropic to spend back on the investor's cloud and chips.",
        """
ASK { ?a aikg:seedClaim "S4" ; aikg:investor id:amazon ; aikg:commitment ?c1 .
      ?c1 aikg:customer id:anthropic ; aikg:provider id:amazon .
      ?g aikg:seedClaim "S4" ; aikg:investor id:google ; aikg:commitment ?c2 .
      ?c2 aikg:customer id:anthropic ; aikg:provider id:google . }""",
    ),
    (
        "S5",
        "Amazon pays $5B of the 2026 deal upfront.",
        """
ASK { ?d aikg:investor id:amazon ; aikg:announcedDate "2026-04-20"^^xsd:date ; aikg:tranche ?t .
      ?t a aikg:Tranche ; aikg:seedClaim "S5" ; aikg:trancheKind aikg:Upfront ;
         aikg:amount/schema:value ?v .
      FILTER(?v = 5000000000.0) }""",
    ),
    (
        "S6",
        "The remaining up-to-$20B from Amazon depends on specific commercial milestones.",
        """
ASK { ?d aikg:investor id:amazon ; aikg:announcedDate "2026-04-20"^^xsd:date ; aikg:tranche ?t .
      ?t a aikg:Tranche ; aikg:seedClaim "S6" ; aikg:trancheKind aikg:Milestone ;
         aikg:condition ?c ; aikg:amount/schema:maxValue ?v .
      FILTER(?v = 20000000000.0)
      FILTER(CONTAINS(LCASE(STR(?c)), "commercial")) }""",
    ),
    (
        "S7",
        "Anthropic commits more than $100B to AWS over the next ten years.",
        """
ASK { ?d aikg:investor id:amazon ; aikg:commitment ?c .
      ?c a aikg:SpendCommitment ; aikg:seedClaim "S7" ;
         aikg:customer id:anthropic ; aikg:provider id:amazon ;
         aikg:amount/schema:minValue ?v ; aikg:duration ?dur .
      FILTER(?v = 100000000000.0)
      FILTER(STR(?dur) = "P10Y") }""",
    ),
    (
        "S8",
        "The AWS commitment covers Amazon's Trainium chips and their next generations.",
        """
ASK { ?c aikg:seedClaim "S8" ; aikg:customer id:anthropic ; aikg:provider id:amazon ;
         aikg:chip id:trainium2 , id:trainium3 , id:trainium4 . }""",
    ),
    (
        "S9",
        "Google pays $10B of its 2026 deal upfront.",
        """
ASK { ?d aikg:investor id:google ; aikg:announcedDate "2026-04-24"^^xsd:date ; aikg:tranche ?t .
      ?t a aikg:Tranche ; aikg:seedClaim "S9" ; aikg:trancheKind aikg:Upfront ;
         aikg:amount/schema:value ?v .
      FILTER(?v = 10000000000.0) }""",
    ),
    (
        "S10",
        "Google adds up to $30B more if Anthropic hits performance targets.",
        """
ASK { ?d aikg:investor id:google ; aikg:announcedDate "2026-04-24"^^xsd:date ; aikg:tranche ?t .
      ?t a aikg:Tranche ; aikg:seedClaim "S10" ; aikg:trancheKind aikg:Milestone ;
         aikg:condition ?c ; aikg:amount/schema:maxValue ?v .
      FILTER(?v = 30000000000.0)
      FILTER(CONTAINS(LCASE(STR(?c)), "performance")) }""",
    ),
    (
        "S11",
        "Google Cloud provides about 5 GW of compute to Anthropic over five years.",
        """
ASK { ?d aikg:investor id:google ; aikg:commitment ?c .
      ?c a aikg:CapacityCommitment ; aikg:seedClaim "S11" ;
         aikg:customer id:anthropic ; aikg:provider id:google ;
         aikg:capacity [ schema:unitCode "A90" ; schema:value ?gw ] ;
         aikg:duration ?dur ; schema:startDate "2027-01-01"^^xsd:date .
      FILTER(?gw = 5.0)
      FILTER(STR(?dur) = "P5Y") }""",
    ),
    (
        "S12",
        "Microsoft invested $1B in OpenAI in 2019.",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S12" ;
        aikg:investor id:microsoft ; aikg:investee id:openai ;
        aikg:amount/schema:value ?v ;
        aikg:announcedDate ?date .
      FILTER(YEAR(?date) = 2019 && ?v = 1000000000.0) }""",
    ),
    (
        "S13",
        "The 2019 deal made Azure OpenAI's exclusive compute provider.",
        """
ASK { ?d aikg:seedClaim "S12" ; aikg:clause ?c .
      ?c a aikg:ExclusivityClause ; aikg:seedClaim "S13" ;
         aikg:exclusivityKind aikg:Exclusive ;
         aikg:favours id:microsoft ; aikg:boundParty id:openai . }""",
    ),
    (
        "S14",
        "In return Microsoft obtained priority rights to deploy OpenAI models on Azure.",
        """
ASK { ?d aikg:seedClaim "S12" ; aikg:clause ?c .
      ?c a aikg:ExclusivityClause ; aikg:seedClaim "S14" ;
         aikg:exclusivityKind aikg:Preferred ;
         aikg:favours id:microsoft ; aikg:boundParty id:openai . }""",
    ),
    (
        "S15",
        "Enterprises moved to Azure to use OpenAI's GPT models offered there.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S15" ;
        aikg:platform id:azure-openai ; aikg:modelFamily id:gpt ; aikg:firstParty false . }""",
    ),
    (
        "S16",
        "Later Microsoft-OpenAI exclusivity terms kept other clouds out.",
        """
ASK { ?c a aikg:ExclusivityClause ; aikg:seedClaim "S16" ;
        aikg:exclusivityKind aikg:Exclusive ;
        aikg:favours id:microsoft ; aikg:boundParty id:openai . }""",
    ),
    (
        "S17",
        "OpenAI is moving to multi-cloud distribution and its own compute; Azure is no longer its only outlet.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S17" ;
        aikg:eventKind aikg:Availability ; aikg:actor id:openai ;
        aikg:claimStatus aikg:Reported . }""",
    ),
    (
        "S18",
        "Google has its own model family, Gemini.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S18" ; aikg:eventKind aikg:ModelLaunch ;
        aikg:actor id:google ; aikg:subject id:gemini . }""",
    ),
    (
        "S19",
        "Amazon has its own model family, Nova.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S19" ; aikg:eventKind aikg:ModelLaunch ;
        aikg:actor id:amazon ; aikg:subject id:nova . }""",
    ),
    (
        "S20",
        "On 7 April 2026 Anthropic disclosed annualised revenue of $30B.",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S20" ;
        aikg:subject id:anthropic ; aikg:observationKind aikg:RunRateRevenue ;
        aikg:observedDate "2026-04-07"^^xsd:date ;
        aikg:amount/schema:minValue ?v .
      FILTER(?v = 30000000000.0) }""",
    ),
    (
        "S21",
        "That is a 233% rise from about $9B at the end of 2025.",
        """
ASK { ?a a aikg:Observation ; aikg:seedClaim "S21" ; aikg:subject id:anthropic ;
        aikg:observationKind aikg:RunRateRevenue ;
        aikg:observedDate "2025-12-31"^^xsd:date ; aikg:amount/schema:value ?v9 .
      ?b a aikg:Observation ; aikg:seedClaim "S21" ; aikg:subject id:anthropic ;
        aikg:observationKind aikg:RunRateRevenue ;
        aikg:observedDate "2026-04-07"^^xsd:date ; aikg:amount/schema:minValue ?v30 .
      FILTER(?v9 = 9000000000.0)
      FILTER(ROUND((?v30 - ?v9) * 100 / ?v9) = 233) }""",
    ),
    (
        "S22",
        "In April 2026 Anthropic bought the young biotech-AI startup Coefficient Bio for about $400M, its first life-sciences move.",
        """
ASK { ?d a aikg:Acquisition ; aikg:seedClaim "S22" ;
        aikg:acquirer id:anthropic ; aikg:target id:coefficient-bio ;
        aikg:amount/schema:value ?v ; aikg:announcedDate ?dt .
      FILTER(?v = 400000000.0)
      FILTER(?dt >= "2026-04-01"^^xsd:date && ?dt < "2026-05-01"^^xsd:date) }""",
    ),
    (
        "S23",
        "In September 2025 Anthropic closed a $13B Series F.",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S23" ; aikg:investee id:anthropic ;
        aikg:amount/schema:value ?v ;
        aikg:announcedDate "2025-09-01"^^xsd:date ; aikg:datePrecision aikg:MonthPrecision .
      FILTER(?v = 13000000000.0) }""",
    ),
    (
        "S24",
        "The Series F valued Anthropic at $183B.",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S24" ; aikg:subject id:anthropic ;
        aikg:observationKind aikg:Valuation ; aikg:observedDate "2025-09-01"^^xsd:date ;
        aikg:amount/schema:value ?v .
      FILTER(?v = 183000000000.0) }""",
    ),
    (
        "S25",
        "The same month (Sept 2025) Anthropic teamed up with Google and Broadcom on a 3.5 GW TPU cluster (timing disputed).",
        """
ASK { ?p aikg:seedClaim "S25" ; aikg:partner id:anthropic , id:google , id:broadcom ;
        aikg:capacity [ schema:unitCode "A90" ; schema:value ?gw ] ;
        aikg:announcedDate "2025-09-01"^^xsd:date ;
        aikg:claimStatus aikg:Disputed ; aikg:conflictsWith ?o .
      ?o aikg:announcedDate "2026-04-06"^^xsd:date .
      FILTER(?gw = 3.5) }""",
    ),
    (
        "S26",
        "In February 2026 Anthropic closed a Series G (size undisclosed) at about $350B (disputed: $380B post-money elsewhere).",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S26" ; aikg:subject id:anthropic ;
        aikg:observationKind aikg:Valuation ; aikg:observedDate "2026-02-01"^^xsd:date ;
        aikg:amount/schema:value ?v ;
        aikg:claimStatus aikg:Disputed ; aikg:conflictsWith ?other .
      ?other aikg:amount/schema:value ?w ; aikg:conflictsWith ?o .
      FILTER(?v = 350000000000.0 && ?w = 380000000000.0) }""",
    ),
    (
        "S27",
        "On 12 March 2026 Anthropic launched the Claude Partner Network with $100M.",
        """
ASK { ?d a aikg:Deal ; aikg:seedClaim "S27" ;
        aikg:investor id:anthropic ; aikg:beneficiary id:claude-partner-network ;
        aikg:announcedDate "2026-03-12"^^xsd:date ;
        aikg:amount/schema:value ?v .
      FILTER(?v = 100000000.0) }""",
    ),
    (
        "S28",
        "A Broadcom SEC filing of 6 April 2026 showed Anthropic getting about 3.5 GW of next-gen TPU capacity from Google and Broadcom from 2027.",
        """
ASK { ?c a aikg:CapacityCommitment ; aikg:seedClaim "S28" ;
        aikg:customer id:anthropic ; aikg:provider id:google ;
        aikg:capacity [ schema:unitCode "A90" ; schema:value ?gw ] ;
        schema:startDate "2027-01-01"^^xsd:date ;
        aikg:announcedDate "2026-04-06"^^xsd:date ;
        aikg:claimStatus aikg:Reported .
      FILTER(?gw = 3.5) }""",  # the seed names the filing, not its URL: Reported (source rule)
    ),
    (
        "S29",
        "Those Google/Broadcom agreements run until 2031.",
        """
ASK { ?c a aikg:CapacityCommitment ; aikg:seedClaim "S29" ;
        aikg:customer id:anthropic ; aikg:provider id:google ;
        aikg:restates ?confirmed ;
        aikg:capacity [ schema:unitCode "A90" ; schema:value ?gw ] ;
        schema:startDate "2027-01-01"^^xsd:date ; schema:endDate "2031-12-31"^^xsd:date ;
        aikg:claimStatus aikg:Reported .
      FILTER(?gw = 3.5) }""",
    ),
    (
        "S30",
        "The Amazon and Google deals both priced Anthropic at $350B (disputed: ~$380B elsewhere).",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S30" ; aikg:subject id:anthropic ;
        aikg:observationKind aikg:Valuation ; aikg:observedDate "2026-04-20"^^xsd:date ;
        aikg:amount/schema:value ?v ;
        aikg:claimStatus aikg:Disputed ; aikg:conflictsWith ?other .
      ?other aikg:amount/schema:value ?w ; aikg:conflictsWith ?o .
      FILTER(?v = 350000000000.0 && ?w = 380000000000.0) }""",
    ),
    (
        "S31",
        "Google's first investment in Anthropic, in 2023, was $300M (amount disputed).",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S31" ;
        aikg:investor id:google ; aikg:investee id:anthropic ;
        aikg:amount/schema:value ?v ;
        aikg:announcedDate "2023-01-01"^^xsd:date ; aikg:datePrecision aikg:YearPrecision ;
        aikg:claimStatus aikg:Disputed ; aikg:conflictsWith ?o .
      ?o aikg:investor id:google ; aikg:amount/schema:value ?w .
      FILTER(?v = 300000000.0 && ?w != ?v) }""",
    ),
    (
        "S32",
        "That first investment bought Google about 10% of Anthropic.",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S32" ; aikg:subject id:anthropic ;
        aikg:holder id:google ; aikg:observationKind aikg:StakeHeld ;
        aikg:stakePercent ?p ; aikg:observedDate ?d .
      FILTER(?p = 10.0)
      FILTER(YEAR(?d) = 2023) }""",
    ),
    (
        "S33",
        "Google has kept adding to its Anthropic stake since then.",
        """
ASK { ?o a aikg:Observation ; aikg:seedClaim "S33" ; aikg:subject id:anthropic ;
        aikg:holder id:google ; aikg:observationKind aikg:StakeHeld ;
        aikg:stakePercent ?p ; aikg:observedDate ?d .
      ?i a aikg:EquityInvestment ; aikg:seedClaim "S33" ; aikg:investor id:google ;
        aikg:investee id:anthropic ; aikg:announcedDate ?d2 .
      FILTER(?p > 10.0 && ?d > "2023-12-31"^^xsd:date && ?d2 > "2023-12-31"^^xsd:date) }""",
    ),
    (
        "S34",
        "Anthropic's flagship model Claude Mythos came out in April 2026.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S34" ; aikg:eventKind aikg:ModelLaunch ;
        aikg:actor id:anthropic ; aikg:subject ?r ;
        aikg:announcedDate "2026-04-07"^^xsd:date .
      ?r a aikg:ModelRelease ; aikg:family id:claude ; aikg:developer id:anthropic ;
         schema:name ?n .
      FILTER(CONTAINS(STR(?n), "Mythos")) }""",
    ),
    (
        "S35",
        "The White House made an exceptional deployment of Claude Mythos because of its cyber capabilities.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S35" ; aikg:eventKind aikg:GovernmentDeployment ;
        aikg:actor id:us-federal-government ; aikg:subject id:claude-mythos-preview ;
        aikg:announcedDate "2026-04-01"^^xsd:date ; aikg:datePrecision aikg:MonthPrecision ;
        aikg:claimStatus aikg:Reported . }""",
    ),
    (
        "S36",
        "In February 2026 the Trump administration ordered federal agencies to stop using Claude.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S36" ; aikg:eventKind aikg:GovernmentRestriction ;
        aikg:actor id:us-federal-government ; aikg:subject id:anthropic ;
        aikg:announcedDate ?d .
      FILTER(?d >= "2026-02-01"^^xsd:date && ?d < "2026-03-01"^^xsd:date) }""",
    ),
    (
        "S37",
        "An unconfirmed market estimate puts Anthropic's IPO raise in the tens of billions of dollars.",
        """
ASK { ?e a aikg:Event ; aikg:seedClaim "S37" ; aikg:eventKind aikg:IPOFiling ;
        aikg:subject id:anthropic ; aikg:claimStatus aikg:Estimated ;
        aikg:amount/schema:minValue ?v .
      FILTER(?v = 10000000000.0) }""",
    ),
    (
        "S38",
        "Claude is closed: its weights are not released and it is used only via API.",
        """
ASK { ?e aikg:seedClaim "S38" ; aikg:actor id:anthropic ; aikg:subject id:claude ;
        aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S39",
        "OpenAI's GPT is likewise closed and API-only.",
        """
ASK { ?e aikg:seedClaim "S39" ; aikg:actor id:openai ; aikg:subject id:gpt ;
        aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S40",
        "Claude is offered through AWS Bedrock.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S40" ;
        aikg:platform id:bedrock ; aikg:modelFamily id:claude ; aikg:firstParty false . }""",
    ),
    (
        "S41",
        "Claude is offered through Google Cloud Vertex AI.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S41" ;
        aikg:platform id:vertex-ai ; aikg:modelFamily id:claude ; aikg:firstParty false . }""",
    ),
    (
        "S42",
        "Meta's Llama has always been open (weights downloadable), with the largest open-model ecosystem.",
        """
ASK { ?e aikg:seedClaim "S42" ; aikg:actor id:meta ; aikg:subject id:llama ;
        aikg:weightsAccess ?w .
      FILTER(?w IN (aikg:OpenWeights, aikg:OpenWeightsRestricted)) }""",
    ),
    (
        "S43",
        "Musk's xAI open-sourced Grok in 2025.",
        """
ASK { ?e aikg:seedClaim "S43" ; aikg:actor id:xai ; aikg:subject id:grok-open ;
        aikg:weightsAccess ?w ;
        aikg:announcedDate "2025-01-01"^^xsd:date ; aikg:datePrecision aikg:YearPrecision .
      FILTER(?w IN (aikg:OpenWeights, aikg:OpenWeightsRestricted)) }""",
    ),
    (
        "S44",
        "Mistral also follows an open-weights route.",
        """
ASK { ?e aikg:seedClaim "S44" ; aikg:actor id:mistral-ai ; aikg:subject id:mistral-open ;
        aikg:weightsAccess aikg:OpenWeights . }""",
    ),
    (
        "S45",
        "Alibaba and Tencent jointly invest in DeepSeek, at nearly the same time as the Anthropic deals (disputed: reported elsewhere as talks).",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S45" ;
        aikg:investor id:alibaba , id:tencent ; aikg:investee id:deepseek ;
        aikg:announcedDate "2026-04-01"^^xsd:date ;
        aikg:claimStatus aikg:Disputed ; aikg:conflictsWith ?o .
      FILTER(?o != ?d) }""",
    ),
    (
        "S46",
        "DeepSeek publishes its model weights; anyone can deploy them.",
        """
ASK { ?e aikg:seedClaim "S46" ; aikg:actor id:deepseek ;
        aikg:subject id:deepseek-v3 , id:deepseek-r1 ;
        aikg:weightsAccess aikg:OpenWeights . }""",
    ),
    (
        "S47",
        "The Alibaba/Tencent stake in DeepSeek is plain equity without a compute-purchase commitment.",
        """
ASK { ?d a aikg:EquityInvestment ; aikg:seedClaim "S47" ;
        aikg:investor id:alibaba , id:tencent ; aikg:investee id:deepseek .
      FILTER NOT EXISTS { ?d aikg:commitment ?c } }""",
    ),
    (
        "S48",
        "Alibaba's own Tongyi Qianwen (Qwen) is sold as a closed API on Alibaba Cloud.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S48" ;
        aikg:platform id:alibaba-model-studio ; aikg:modelFamily id:qwen-max ;
        aikg:firstParty true ; aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S49",
        "Tencent's own Hunyuan is sold as a closed API on Tencent Cloud.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S49" ;
        aikg:platform id:tencent-cloud ; aikg:modelFamily id:hunyuan ;
        aikg:firstParty true ; aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S50",
        "Baidu's own Wenxin (ERNIE) is sold as a closed API on Baidu AI Cloud.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S50" ;
        aikg:platform id:baidu-ai-cloud ; aikg:modelFamily id:ernie ;
        aikg:firstParty true ; aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S51",
        "Huawei's own Pangu is sold as a closed API on Huawei Cloud.",
        """
ASK { ?o a aikg:ModelOffering ; aikg:seedClaim "S51" ;
        aikg:platform id:huawei-cloud ; aikg:modelFamily id:pangu ;
        aikg:firstParty true ; aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S52",
        "Zhipu's ChatGLM is offered as a closed-source API.",
        """
ASK { ?e aikg:seedClaim "S52" ; aikg:actor id:zhipu-ai ; aikg:subject id:glm ;
        aikg:weightsAccess aikg:APIOnly . }""",
    ),
    (
        "S53",
        "Anthropic built its identity on Constitutional AI and calls itself a public benefit company.",
        """
ASK { ?c a aikg:Attribute ; aikg:seedClaim "S53" ; aikg:subject id:anthropic ;
        aikg:claimStatus aikg:Reported . }""",
    ),
]

EXPECTED_CLAIM_COUNT = 53

AIKG = rdflib.Namespace("https://w3id.org/aikg/ontology#")
ID = rdflib.Namespace("https://w3id.org/aikg/id/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SCHEMA = rdflib.Namespace("https://schema.org/")


@pytest.mark.parametrize(
    ("number", "paraphrase", "query"), SEED_CLAIMS, ids=[c[0] for c in SEED_CLAIMS]
)
def test_seed_claim_in_graph(facts_graph, number, paraphrase, query):
    result = facts_graph.query(PREFIXES + query)
    assert result.askAnswer, f"{number} not found in graph: {paraphrase}"


def test_seed_claim_count_and_coverage(facts_graph):
    numbers = [c[0] for c in SEED_CLAIMS]
    assert len(SEED_CLAIMS) == EXPECTED_CLAIM_COUNT
    assert numbers == [f"S{i}" for i in range(1, EXPECTED_CLAIM_COUNT + 1)]
    for number, _, query in SEED_CLAIMS:
        assert re.search(rf'aikg:seedClaim "{number}"', query), number
    in_graph = {str(o) for o in facts_graph.objects(None, AIKG.seedClaim)}
    missing = set(numbers) - in_graph
    assert not missing, f"seed claims without an aikg:seedClaim node: {sorted(missing)}"
    unknown = in_graph - set(numbers)
    assert not unknown, f"aikg:seedClaim values not listed here: {sorted(unknown)}"


def test_seed_nodes_cite_the_seed(facts_graph):
    src = ID["src-seed-article"]
    assert (src, rdflib.RDF.type, AIKG.Source) in facts_graph
    assert facts_graph.value(src, SCHEMA.publisher) is not None
    uncited = [
        s
        for s in set(facts_graph.subjects(AIKG.seedClaim, None))
        if (s, PROV.wasDerivedFrom, src) not in facts_graph
        or facts_graph.value(s, AIKG.claimStatus) is None
    ]
    assert not uncited, f"seed-claim nodes without the seed source or a status: {uncited}"
