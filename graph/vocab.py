"""RDF namespaces of aikg.

``AIKG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a term that is not
declared in ``ontology/aikg.ttl`` raises ``AttributeError`` (tests keep the two in sync).
``ID`` is the open namespace of entities and claims.

Examples
--------
>>> AIKG.EquityInvestment
rdflib.term.URIRef('https://w3id.org/aikg/ontology#EquityInvestment')
>>> ID.anthropic
rdflib.term.URIRef('https://w3id.org/aikg/id/anthropic')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph.prefixes import PREFIXES

__all__ = ["AIKG", "ID", "PREFIXES", "PROV", "SCHEMA", "SH", "TIME"]


class AIKG(DefinedNamespace):
    """The aikg ontology terms (generated from ``ontology/aikg.ttl``)."""

    _NS = Namespace(PREFIXES["aikg"])
    _fail = True

    APIOnly: URIRef
    ASIC: URIRef
    Acquisition: URIRef
    Aggregator: URIRef
    Attribute: URIRef
    Availability: URIRef
    Binding: URIRef
    BindingLayer: URIRef
    BindingLayerScheme: URIRef
    BlogOrNewsletter: URIRef
    CPU: URIRef
    CapacityCommitment: URIRef
    Chip: URIRef
    ChipDesigner: URIRef
    ChipKind: URIRef
    ChipKindScheme: URIRef
    ChipSupplyAgreement: URIRef
    Claim: URIRef
    ClaimStatus: URIRef
    ClaimStatusScheme: URIRef
    Closed: URIRef
    ClosedLoop: URIRef
    CloudPlatform: URIRef
    CloudProvider: URIRef
    CoLead: URIRef
    Commitment: URIRef
    Company: URIRef
    CompanyChannel: URIRef
    CompanyRole: URIRef
    CompanyRoleScheme: URIRef
    ComputeAgreement: URIRef
    ComputeCluster: URIRef
    ComputeSpend: URIRef
    ComputeUsage: URIRef
    ComputeUseLayer: URIRef
    Confirmed: URIRef
    CountRule: URIRef
    CountRuleScheme: URIRef
    Counted: URIRef
    CustomSiliconLayer: URIRef
    DataCenter: URIRef
    DataCenterOperator: URIRef
    DatePrecision: URIRef
    DatePrecisionScheme: URIRef
    DayPrecision: URIRef
    Deal: URIRef
    DealStage: URIRef
    DealStageScheme: URIRef
    Definitive: URIRef
    Disputed: URIRef
    DistributionLayer: URIRef
    Draft: URIRef
    EquityInvestment: URIRef
    EquityLayer: URIRef
    Estimated: URIRef
    Event: URIRef
    EventKind: URIRef
    EventKindScheme: URIRef
    Exclusive: URIRef
    ExclusivityClause: URIRef
    ExclusivityKind: URIRef
    ExclusivityKindScheme: URIRef
    Facility: URIRef
    Foundry: URIRef
    FundingRaised: URIRef
    GPU: URIRef
    GovernmentBody: URIRef
    GovernmentDeployment: URIRef
    GovernmentRestriction: URIRef
    HostingAgreement: URIRef
    IPOFiling: URIRef
    ImportRecord: URIRef
    InferenceHost: URIRef
    Investor: URIRef
    JointVenture: URIRef
    Lead: URIRef
    LetterOfIntent: URIRef
    Licence: URIRef
    MetricResult: URIRef
    Milestone: URIRef
    MirrorHost: URIRef
    ModelDeveloper: URIRef
    ModelFamily: URIRef
    ModelLaunch: URIRef
    ModelOffering: URIRef
    ModelRelease: URIRef
    MonthPrecision: URIRef
    NeoCloud: URIRef
    NotCountedDisputed: URIRef
    NotCountedRestatement: URIRef
    NotCountedStage: URIRef
    Observation: URIRef
    ObservationKind: URIRef
    ObservationKindScheme: URIRef
    OpenWeights: URIRef
    OpenWeightsRestricted: URIRef
    Organization: URIRef
    Ownership: URIRef
    Participant: URIRef
    Participation: URIRef
    ParticipationRole: URIRef
    ParticipationRoleScheme: URIRef
    Partnership: URIRef
    Pole: URIRef
    Preferred: URIRef
    Primary: URIRef
    PriorityLayer: URIRef
    Program: URIRef
    Publisher: URIRef
    PublisherKind: URIRef
    PublisherKindScheme: URIRef
    RegulatorOrFiling: URIRef
    Reported: URIRef
    ReviewStatus: URIRef
    ReviewStatusScheme: URIRef
    Revenue: URIRef
    RightOfFirstRefusal: URIRef
    RunRateRevenue: URIRef
    Scheduled: URIRef
    Source: URIRef
    SpendCommitment: URIRef
    SpendCommitmentLayer: URIRef
    StakeHeld: URIRef
    TPU: URIRef
    Talks: URIRef
    Terminated: URIRef
    TradePress: URIRef
    Tranche: URIRef
    TrancheKind: URIRef
    TrancheKindScheme: URIRef
    Unreleased: URIRef
    Upfront: URIRef
    Valuation: URIRef
    WeightsAccess: URIRef
    WeightsAccessScheme: URIRef
    WireOrMajorOutlet: URIRef
    YearPrecision: URIRef
    acquirer: URIRef
    actor: URIRef
    amount: URIRef
    announcedDate: URIRef
    asOf: URIRef
    beneficiary: URIRef
    bound: URIRef
    boundParty: URIRef
    canonicalHost: URIRef
    capacity: URIRef
    chip: URIRef
    chipCount: URIRef
    chipKind: URIRef
    chipLine: URIRef
    citesPrimary: URIRef
    claimStatus: URIRef
    clause: URIRef
    cloud: URIRef
    commitment: URIRef
    computeProvider: URIRef
    condition: URIRef
    conflictsWith: URIRef
    countRule: URIRef
    countryCode: URIRef
    customer: URIRef
    datePrecision: URIRef
    datePublishedPrecision: URIRef
    deadline: URIRef
    dealStage: URIRef
    depth: URIRef
    describes: URIRef
    designer: URIRef
    developer: URIRef
    distinctFrom: URIRef
    duration: URIRef
    endDatePrecision: URIRef
    eventKind: URIRef
    exclusivityKind: URIRef
    fab: URIRef
    facility: URIRef
    family: URIRef
    favours: URIRef
    firstParty: URIRef
    firstReleaseDate: URIRef
    holder: URIRef
    hops: URIRef
    host: URIRef
    investee: URIRef
    investor: URIRef
    layer: URIRef
    layerNumber: URIRef
    layerWeight: URIRef
    listedBy: URIRef
    located: URIRef
    matchesRecord: URIRef
    member: URIRef
    modelCompany: URIRef
    modelFamily: URIRef
    modelId: URIRef
    observationKind: URIRef
    observedDate: URIRef
    observedDatePrecision: URIRef
    operator: URIRef
    parentOrganization: URIRef
    partOf: URIRef
    participant: URIRef
    participation: URIRef
    participationRole: URIRef
    partner: URIRef
    party: URIRef
    platform: URIRef
    powerCapacity: URIRef
    provider: URIRef
    publicationDateUnknown: URIRef
    publisherKind: URIRef
    publisherOrganization: URIRef
    referenceId: URIRef
    releaseDatePrecision: URIRef
    restates: URIRef
    retrievedDate: URIRef
    role: URIRef
    roundName: URIRef
    scope: URIRef
    seedClaim: URIRef
    snapshotDate: URIRef
    sourceConfidence: URIRef
    sourceRow: URIRef
    stakePercent: URIRef
    startDatePrecision: URIRef
    strength: URIRef
    subject: URIRef
    supersedes: URIRef
    supports: URIRef
    target: URIRef
    textSpanEnd: URIRef
    textSpanStart: URIRef
    trainedOn: URIRef
    trainingCompute: URIRef
    tranche: URIRef
    trancheKind: URIRef
    unresolved: URIRef
    usdHigh: URIRef
    usdLow: URIRef
    usdValue: URIRef
    user: URIRef
    valuation: URIRef
    venture: URIRef
    weightsAccess: URIRef


ID = Namespace(PREFIXES["id"])
SCHEMA = Namespace(PREFIXES["schema"])
PROV = Namespace(PREFIXES["prov"])
SH = Namespace("http://www.w3.org/ns/shacl#")
TIME = Namespace(PREFIXES["time"])
