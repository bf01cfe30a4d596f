//! The parts every notice shares (header, organisations, the procurement project) and the
//! contract notice.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Rome;

use super::xml::El;
use super::{CUSTOMIZATION, NoticeKind, NoticeSite};
use crate::domain::phase::{PhaseKind, Procedure};
use crate::ocds::{CallFacts, OrganisationFacts};

const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const EXT: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
const EFAC: &str = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1";
const EFEXT: &str = "http://data.europa.eu/p27/eforms-ubl-extensions/1";
const EFBC: &str = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1";

/// Notices are written in Italian (ISO 639-3, as eForms names languages).
pub const LANGUAGE: &str = "ITA";
/// The authority's own organisation in every notice.
pub const AUTHORITY: &str = "ORG-0001";
/// A call is one lot: its phases are stages of one procedure, not separate contracts.
pub const LOT: &str = "LOT-0001";

/// The notice's root element with the UBL and eForms namespaces.
pub fn root(document: &'static str, namespace: &str) -> El {
    El::new(document)
        .attr("xmlns", namespace)
        .attr("xmlns:cbc", CBC)
        .attr("xmlns:cac", CAC)
        .attr("xmlns:ext", EXT)
        .attr("xmlns:efac", EFAC)
        .attr("xmlns:efext", EFEXT)
        .attr("xmlns:efbc", EFBC)
}

/// `<ext:UBLExtensions>` holding the eForms extension's parts.
pub fn extension(parts: impl IntoIterator<Item = El>) -> El {
    El::new("ext:UBLExtensions").child(El::new("ext:UBLExtension").child(
        El::new("ext:ExtensionContent").child(El::new("efext:EformsExtension").children(parts)),
    ))
}

pub fn subtype(code: &str) -> El {
    El::new("efac:NoticeSubType").child(El::code("cbc:SubTypeCode", "notice-subtype", code))
}

/// The header after the extensions: identifiers, issue date, legal domain, notice type.
pub fn header(
    call: &CallFacts,
    kind: NoticeKind,
    site: NoticeSite,
    issued: DateTime<Utc>,
) -> Vec<El> {
    let (list, notice_type) = match kind {
        NoticeKind::Contract => ("competition", "cn-standard"),
        NoticeKind::Award => ("result", "can-standard"),
    };
    let notice_id = stable_uuid(&format!("{}/eforms/{}/{}", site.base, call.id, kind.slug()));
    vec![
        El::leaf("cbc:UBLVersionID", "2.3"),
        El::leaf("cbc:CustomizationID", CUSTOMIZATION),
        El::leaf("cbc:ID", notice_id.to_string()).attr("schemeName", "notice-id"),
        El::leaf("cbc:ContractFolderID", folder_id(call)),
        El::leaf("cbc:IssueDate", rome_date(issued)),
        El::leaf("cbc:IssueTime", rome_time(issued)),
        El::leaf("cbc:VersionID", "01"),
        El::leaf(
            "cbc:RegulatoryDomain",
            regulatory_domain(call.spec.procedure),
        ),
        El::code("cbc:NoticeTypeCode", list, notice_type),
        El::leaf("cbc:NoticeLanguageCode", LANGUAGE),
    ]
}

/// The procedure's identifier, the same in every notice of the call: the call's own id.
fn folder_id(call: &CallFacts) -> String {
    uuid::Uuid::parse_str(&call.id)
        .ok()
        .filter(|id| id.get_version_num() == 4)
        .unwrap_or_else(|| stable_uuid(&call.id))
        .to_string()
}

/// eForms identifiers are UUIDs of version 4 (BR-BT-00701-0052); these are drawn from a hash
/// of what they name, so the same notice keeps its identifier.
fn stable_uuid(seed: &str) -> uuid::Uuid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

fn regulatory_domain(procedure: Procedure) -> &'static str {
    match procedure {
        // Excluded from the directives: no EU legal basis.
        Procedure::Pcp => "other",
        Procedure::CompetitiveDialogue => "32014L0024",
    }
}

/// `2027-01-15+01:00`: the date in Rome with Rome's offset, as eForms dates are written.
pub fn rome_date(at: DateTime<Utc>) -> String {
    at.with_timezone(&Rome).format("%Y-%m-%d%:z").to_string()
}

pub fn rome_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Rome).format("%H:%M:%S%:z").to_string()
}

pub fn text(name: &'static str, value: &str) -> El {
    El::leaf(name, value).attr("languageID", LANGUAGE)
}

pub fn org_ref(name: &'static str, id: &str) -> El {
    El::new(name).child(party_id(id))
}

pub fn party_id(id: &str) -> El {
    El::new("cac:PartyIdentification")
        .child(El::leaf("cbc:ID", id).attr("schemeName", "organization"))
}

pub fn country(alpha2: &str) -> El {
    let alpha3 = isocountry::CountryCode::for_alpha2_caseless(alpha2)
        .map(|c| c.alpha3())
        .unwrap_or("ITA");
    El::new("cac:Country").child(El::code("cbc:IdentificationCode", "country", alpha3))
}

/// The authority as an organisation: name, codice fiscale, the place, its contact e-mail.
pub fn authority(call: &CallFacts) -> El {
    let profile = call.authority.profile.as_ref();
    let phone = profile.map(|p| El::leaf("cbc:Telephone", &p.phone));
    let mail = contact_email(&call.spec.contact).map(|m| El::leaf("cbc:ElectronicMail", m));
    let contact = (phone.is_some() || mail.is_some())
        .then(|| El::new("cac:Contact").maybe(phone).maybe(mail));
    let company = El::new("efac:Company")
        .child(party_id(AUTHORITY))
        .child(El::new("cac:PartyName").child(text("cbc:Name", &call.authority.name)))
        .child(address(call))
        .child(
            El::new("cac:PartyLegalEntity")
                .child(El::leaf("cbc:CompanyID", &call.authority.fiscal_code)),
        )
        .maybe(contact);
    El::new("efac:Organization").child(company)
}

/// The authority's seat: its city, CAP and province when recorded, else the call's place.
fn address(call: &CallFacts) -> El {
    match &call.authority.profile {
        Some(p) => El::new("cac:PostalAddress")
            .child(El::leaf("cbc:CityName", &p.city))
            .child(El::leaf("cbc:PostalZone", &p.postal_code))
            .child(nuts(&p.nuts))
            .child(country("IT")),
        None => El::new("cac:PostalAddress")
            .maybe(call.spec.nuts.as_deref().map(nuts))
            .child(country("IT")),
    }
}

pub fn nuts(code: &str) -> El {
    El::code("cbc:CountrySubentityCode", "nuts", code)
}

/// The call's contact, when it is an e-mail address (it may also be a name or a phone).
fn contact_email(contact: &str) -> Option<&str> {
    contact
        .split_whitespace()
        .find(|w| w.contains('@') && w.contains('.'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '<' | '>' | ',' | ';' | '(' | ')')))
}

/// A bidder as an organisation: its legal name, VAT number and country.
pub fn bidder(id: &str, org: &OrganisationFacts) -> El {
    let profile = org.profile.as_ref();
    let address = El::new("cac:PostalAddress")
        .maybe(profile.map(|p| El::leaf("cbc:CityName", &p.city)))
        .maybe(profile.map(|p| El::leaf("cbc:PostalZone", &p.postal_code)))
        .maybe(profile.map(|p| nuts(&p.nuts)))
        .child(country(&org.country));
    let company = El::new("efac:Company")
        .maybe(profile.map(|p| El::code("efbc:CompanySizeCode", "economic-operator-size", &p.size)))
        .child(party_id(id))
        .child(El::new("cac:PartyName").child(text("cbc:Name", &org.legal_name)))
        .child(address)
        .child(El::new("cac:PartyLegalEntity").child(El::leaf("cbc:CompanyID", &org.vat_number)));
    El::new("efac:Organization").child(company)
}

pub fn contracting_party() -> El {
    El::new("cac:ContractingParty").child(org_ref("cac:Party", AUTHORITY))
}

/// The procedure's legal basis, said in words where no EU act applies.
pub fn legal_basis(call: &CallFacts) -> Option<El> {
    (call.spec.procedure == Procedure::Pcp).then(|| {
        El::new("cac:ProcurementLegislationDocumentReference")
            .child(El::leaf("cbc:ID", "LocalLegalBasis"))
            .child(text(
                "cbc:DocumentDescription",
                "Appalto pre-commerciale di servizi di ricerca e sviluppo, escluso dal codice \
                 (art. 135 c.2 D.Lgs. 36/2023; art. 14 direttiva 2014/24/UE)",
            ))
    })
}

/// What is bought: the call's title, summary, nature (R&D services), CPV codes and place.
pub fn project(call: &CallFacts, internal_id: Option<&str>) -> El {
    let mut cpv = call.spec.cpv_codes.iter().map(|c| cpv_digits(c));
    let main = cpv.next().unwrap_or_default();
    El::new("cac:ProcurementProject")
        .maybe(internal_id.map(|id| El::leaf("cbc:ID", id).attr("schemeName", "InternalID")))
        .child(text("cbc:Name", &call.spec.title))
        .child(text("cbc:Description", description(call)))
        .child(El::code(
            "cbc:ProcurementTypeCode",
            "contract-nature",
            "services",
        ))
        .child(classification("cac:MainCommodityClassification", &main))
        .children(cpv.map(|code| classification("cac:AdditionalCommodityClassification", &code)))
        .child(
            El::new("cac:RealizedLocation").child(
                El::new("cac:Address")
                    .maybe(call.spec.nuts.as_deref().map(nuts))
                    .child(country("IT")),
            ),
        )
}

fn description(call: &CallFacts) -> &str {
    if call.spec.summary.trim().is_empty() {
        &call.spec.title
    } else {
        &call.spec.summary
    }
}

fn classification(name: &'static str, code: &str) -> El {
    El::new(name).child(El::code("cbc:ItemClassificationCode", "cpv", code))
}

/// eForms gives CPV codes as their eight digits, without the check digit.
fn cpv_digits(code: &str) -> String {
    code.chars().filter(char::is_ascii_digit).take(8).collect()
}

/// The first deadline falls on a later day in Rome than the call's publication.
pub fn deadline_after_issue(call: &CallFacts) -> bool {
    let day = |at: DateTime<Utc>| at.with_timezone(&Rome).date_naive();
    let first = match call.spec.procedure {
        Procedure::Pcp => PhaseKind::SolutionDesign,
        Procedure::CompetitiveDialogue => PhaseKind::RequestsToParticipate,
    };
    first_deadline(call, first).is_some_and(|deadline| day(deadline) > day(call.published_at))
}

pub fn first_deadline(call: &CallFacts, kind: PhaseKind) -> Option<DateTime<Utc>> {
    call.spec
        .phases
        .iter()
        .find(|p| p.kind == kind)
        .or(call.spec.phases.first())
        .and_then(|p| p.deadline)
}

pub fn requirement(list: &str, code: &str) -> El {
    El::new("cac:TendererQualificationRequest").child(
        El::new("cac:SpecificTendererRequirement").child(El::code(
            "cbc:TendererRequirementTypeCode",
            list,
            code,
        )),
    )
}

/// Each supplier admitted to a PCP signs a framework agreement, under which each phase's
/// contract is awarded without reopening the competition; a dialogue awards one contract.
pub fn framework(procedure: Procedure) -> Option<El> {
    (procedure == Procedure::Pcp).then(|| {
        El::new("cac:ContractingSystem").child(El::code(
            "cbc:ContractingSystemTypeCode",
            "framework-agreement",
            "fa-wo-rc",
        ))
    })
}
