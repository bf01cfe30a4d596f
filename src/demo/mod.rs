//! Demo data: one authority, its officer, three suppliers, three evaluators, a published PCP, a
//! PCP whose first phase has closed, a PCP in its second phase with contracts running, and a
//! published competitive dialogue and another in its dialogue stage, with messages and minuted
//! sessions, in Italian. Demo passwords exist only here.

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use chrono_tz::Europe::Rome;

use crate::db::accounts::Organisation;
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::authority::{AuthorityProfile, ReviewBody};
use crate::domain::call::CallSpec;
use crate::domain::organisation::SupplierProfile;
use crate::domain::phase::{self, Procedure};
use crate::domain::submission::Envelope;
use crate::error::AppError;
use crate::service::accounts::{self, NewAuthority, NewUser};
use crate::service::calls;
use crate::service::proposals::{self, ReceivedFile};
use crate::storage::BlobStore;

mod running_dialogue;
mod running_pcp;

pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
}

pub const ACCOUNTS: [DemoAccount; 8] = [
    DemoAccount {
        role: Role::Admin,
        email: "admin@pcp-desk.demo",
        password: "demo-admin-2026",
        name: "Amministratore della piattaforma",
    },
    DemoAccount {
        role: Role::Officer,
        email: "funzionaria@regione.demo",
        password: "demo-funzionaria-2026",
        name: "Giulia Bianchi",
    },
    DemoAccount {
        role: Role::Supplier,
        email: "fornitore1@demo.it",
        password: "demo-fornitore-2026",
        name: "Marco Rossi (Appennino Digitale S.r.l.)",
    },
    DemoAccount {
        role: Role::Supplier,
        email: "fornitore2@demo.it",
        password: "demo-fornitore-2026",
        name: "Chiara Verdi (Lab Emilia S.p.A.)",
    },
    DemoAccount {
        role: Role::Supplier,
        email: "fornitore3@demo.it",
        password: "demo-fornitore-2026",
        name: "Luca Neri (Romagna Innovazione Soc. Coop.)",
    },
    DemoAccount {
        role: Role::Evaluator,
        email: "valutatore1@regione.demo",
        password: "demo-valutatore-2026",
        name: "Anna Ferrari",
    },
    DemoAccount {
        role: Role::Evaluator,
        email: "valutatore2@regione.demo",
        password: "demo-valutatore-2026",
        name: "Paolo Conti",
    },
    DemoAccount {
        role: Role::Evaluator,
        email: "valutatore3@regione.demo",
        password: "demo-valutatore-2026",
        name: "Elena Gallo",
    },
];

/// Name, VAT number, address, PEC, and the seat's city, CAP, NUTS 3 and the enterprise's size.
type DemoOrganisation = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 4],
);

const ORGANISATIONS: [DemoOrganisation; 3] = [
    (
        "Appennino Digitale S.r.l.",
        "03841571205",
        "Via dell'Indipendenza 10, 40121 Bologna",
        "appennino.digitale@pec.demo.it",
        ["Bologna", "40121", "ITH55", "small"],
    ),
    (
        "Lab Emilia S.p.A.",
        "02987654320",
        "Via Emilia Est 25, 41121 Modena",
        "labemilia@pec.demo.it",
        ["Modena", "41121", "ITH54", "medium"],
    ),
    (
        "Romagna Innovazione Soc. Coop.",
        "04172635486",
        "Corso della Repubblica 5, 47121 Forlì",
        "romagna.innovazione@pec.demo.it",
        ["Forlì", "47121", "ITH58", "micro"],
    ),
];

/// The demo authority's seat, kind and review body (the court's codice fiscale is made up).
pub fn demo_profile() -> AuthorityProfile {
    AuthorityProfile {
        city: "Bologna".into(),
        postal_code: "40127".into(),
        nuts: "ITH55".into(),
        phone: "+39 051 5271".into(),
        legal_type: "ra".into(),
        activity: "gen-pub".into(),
        review_body: ReviewBody {
            name: "Tribunale amministrativo regionale per l'Emilia-Romagna".into(),
            fiscal_code: "80071770376".into(),
            city: "Bologna".into(),
            postal_code: "40125".into(),
            nuts: "ITH55".into(),
        },
    }
}

/// Noon in Rome, `days` from `now`: deadlines people recognise.
fn noon_in_rome(now: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let day = (now + Duration::days(days)).with_timezone(&Rome);
    Rome.with_ymd_and_hms(day.year(), day.month(), day.day(), 12, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now + Duration::days(days))
}

fn pcp_spec(now: DateTime<Utc>) -> CallSpec {
    let mut phases = phase::template(Procedure::Pcp);
    let plan = [
        (30, 38_000_000, 6),
        (150, 152_000_000, 4),
        (330, 190_000_000, 2),
    ];
    for (p, (days, budget, contracts)) in phases.iter_mut().zip(plan) {
        p.deadline = Some(noon_in_rome(now, days));
        p.budget_cents = Some(budget);
        p.max_contracts = Some(contracts);
    }
    CallSpec {
        committee_max: 3,
        procedure: Procedure::Pcp,
        reference: "PCP-ER-2026-01".into(),
        title: "Servizi digitali per l'assistenza domiciliare integrata".into(),
        summary: "Appalto pre-commerciale per lo sviluppo di soluzioni innovative di telemonitoraggio \
                  per l'assistenza domiciliare degli anziani fragili nei distretti dell'Emilia-Romagna."
            .into(),
        description: "La Regione acquista servizi di ricerca e sviluppo in tre fasi competitive: progettazione \
                      della soluzione, prototipazione, sviluppo originale e collaudo sul campo.\n\n\
                      I fornitori mantengono i diritti di proprietà intellettuale; la Regione ottiene il diritto \
                      d'uso gratuito dei risultati (art. 135 c.2 D.Lgs. 36/2023)."
            .into(),
        cpv_codes: vec!["73000000-2".into(), "72000000-5".into()],
        budget_cents: 380_000_000,
        contact: "appalti.innovazione@regione.demo".into(),
        cig: Some("B1234567C8".into()),
        nuts: Some("ITH55".into()),
        eu_funded: false,
        ipr_exploitation_months: None,
        phases,
    }
}

fn dialogue_spec(now: DateTime<Utc>) -> CallSpec {
    let mut phases = phase::template(Procedure::CompetitiveDialogue);
    phases[0].deadline = Some(noon_in_rome(now, 35));
    phases[2].deadline = Some(noon_in_rome(now, 95));
    phases[3].deadline = Some(noon_in_rome(now, 150));
    CallSpec {
        committee_max: 3,
        procedure: Procedure::CompetitiveDialogue,
        reference: "DC-ER-2026-02".into(),
        title: "Piattaforma regionale per la mobilità integrata".into(),
        summary: "Dialogo competitivo per individuare la soluzione migliore per un sistema integrato di \
                  bigliettazione e informazione ai viaggiatori su treno, autobus e bicicletta."
            .into(),
        description: "La Regione non è in grado di definire a priori i mezzi tecnici per soddisfare le proprie \
                      esigenze (art. 74 D.Lgs. 36/2023): il dialogo con i candidati selezionati servirà a \
                      individuare la soluzione."
            .into(),
        cpv_codes: vec!["72212000-4".into(), "48000000-8".into()],
        budget_cents: 450_000_000,
        contact: "mobilita.digitale@regione.demo".into(),
        cig: None,
        nuts: Some("ITH55".into()),
        eu_funded: false,
        ipr_exploitation_months: None,
        phases,
    }
}

/// A PCP published 40 days ago whose first phase closed 10 days ago, with a proposal from each
/// demo supplier: ready for the committee, the opening, the scoring and the decision.
fn closed_pcp_spec(now: DateTime<Utc>) -> CallSpec {
    let mut spec = pcp_spec(now);
    spec.reference = "PCP-ER-2026-00".into();
    spec.title = "Illuminazione pubblica intelligente e sensori urbani".into();
    spec.summary = "Appalto pre-commerciale per lampioni intelligenti con sensori ambientali, in prova in tre comuni \
                    dell'Appennino."
        .into();
    spec.cpv_codes = vec!["73110000-6".into()];
    for (phase, days) in spec.phases.iter_mut().zip([-10, 120, 300]) {
        phase.deadline = Some(noon_in_rome(now, days));
    }
    spec.phases[0].max_contracts = Some(2);
    spec.phases[1].max_contracts = Some(2);
    spec
}

/// A real, readable PDF for a demo envelope, made with the documents' own engine.
fn demo_pdf(title: &str, organisation: &str, issued_at: DateTime<Utc>) -> Vec<u8> {
    use crate::pdf::{Block, DocumentMeta, render};
    let meta = DocumentMeta {
        title: format!("{title} – {organisation}"),
        header_left: organisation.to_string(),
        header_right: "PCP-ER-2026-01".into(),
        footer_note: "Documento dimostrativo di PCP Desk.".into(),
        lang: crate::domain::lang::Lang::It,
        issued_at,
    };
    render(
        &meta,
        &[
            Block::Title(title.to_string()),
            Block::Paragraph(format!(
                "{organisation}: documento di esempio caricato con i dati dimostrativi."
            )),
        ],
    )
}

fn submit_demo_proposals(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    call_id: &str,
    suppliers: &[(Actor, &str)],
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    let phase_id = call.phase_ids[0].clone();
    for (i, (actor, organisation)) in suppliers.iter().enumerate() {
        let mut files = Vec::new();
        for (envelope, title) in [
            (Envelope::Administrative, "DGUE"),
            (Envelope::Technical, "Proposta tecnica"),
        ] {
            let blob = blobs
                .store_bytes(&demo_pdf(title, organisation, at))
                .map_err(|e| AppError::Unexpected(e.into()))?;
            files.push(ReceivedFile {
                envelope,
                file_name: format!("{}.pdf", title.to_lowercase().replace(' ', "-")),
                content_type: "application/pdf".into(),
                blob,
            });
        }
        // Within the phase's base price (its budget over its contracts: € 190.000,00).
        let price = 12_000_000 + 2_500_000 * i as i64;
        proposals::record(
            conn,
            actor,
            &phase_id,
            &files,
            Some(price),
            at + Duration::hours(i as i64),
        )?;
    }
    Ok(())
}

/// Loads the demo into an empty database; returns false (and changes nothing) otherwise.
pub fn load(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if db::accounts::count_users(conn)? > 0 {
        return Ok(false);
    }
    let authority = accounts::create_authority(
        conn,
        "system",
        NewAuthority {
            name: "Regione Emilia-Romagna",
            fiscal_code: "80062590379",
            address: "Viale Aldo Moro 52, 40127 Bologna",
            profile: Some(&demo_profile()),
        },
        now,
    )?;
    let mut org_ids = Vec::new();
    for (legal_name, vat, address, email, [city, postal_code, nuts, size]) in ORGANISATIONS {
        let profile = SupplierProfile {
            city: city.into(),
            postal_code: postal_code.into(),
            nuts: nuts.into(),
            size: size.into(),
        };
        let org = Organisation {
            profile: Some(serde_json::to_string(&profile).expect("plain strings")),
            id: uuid::Uuid::new_v4().to_string(),
            legal_name: legal_name.into(),
            vat_number: vat.into(),
            country: "IT".into(),
            address: address.into(),
            email: email.into(),
            created_at: now.naive_utc(),
        };
        accounts::create_organisation(conn, "system", &org, now)?;
        org_ids.push(org.id);
    }
    let mut suppliers = org_ids.iter();
    let mut officer = None;
    let mut supplier_actors = Vec::new();
    let mut evaluators = Vec::new();
    for a in &ACCOUNTS {
        let organisation_id = (a.role == Role::Supplier)
            .then(|| suppliers.next())
            .flatten();
        let authority_id = (a.role == Role::Officer).then_some(authority.id.as_str());
        let id = accounts::create_user(
            conn,
            "system",
            NewUser {
                email: a.email,
                password: a.password,
                role: a.role,
                display_name: a.name,
                authority_id,
                organisation_id: organisation_id.map(String::as_str),
            },
            now,
        )?;
        if a.role == Role::Supplier {
            supplier_actors.push((
                Actor {
                    user_id: id.clone(),
                    role: Role::Supplier,
                    authority_id: None,
                    organisation_id: organisation_id.cloned(),
                },
                a.name,
            ));
        }
        if a.role == Role::Evaluator {
            evaluators.push(Actor {
                user_id: id.clone(),
                role: Role::Evaluator,
                authority_id: None,
                organisation_id: None,
            });
        }
        if a.role == Role::Officer {
            officer = Some(Actor {
                user_id: id,
                role: Role::Officer,
                authority_id: Some(authority.id.clone()),
                organisation_id: None,
            });
        }
    }
    let officer =
        officer.ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("demo officer missing")))?;
    let published = now - Duration::days(40);
    let closed = calls::create(conn, &officer, &closed_pcp_spec(now), published)?;
    calls::publish(conn, &officer, &closed, None, published)?;
    submit_demo_proposals(
        conn,
        blobs,
        &closed,
        &supplier_actors,
        now - Duration::days(15),
    )?;
    for spec in [pcp_spec(now), dialogue_spec(now)] {
        let id = calls::create(conn, &officer, &spec, now)?;
        calls::publish(conn, &officer, &id, None, now)?;
    }
    let cast = running_pcp::Cast {
        officer: &officer,
        evaluators: &evaluators,
        suppliers: &supplier_actors,
    };
    running_pcp::load(conn, blobs, &cast, now)?;
    running_dialogue::load(conn, blobs, &cast, now)?;
    Ok(true)
}

pub fn print_accounts(address: &str) {
    println!("\nPCP Desk demo: http://{address}\n");
    println!("  {:<10} {:<28} password", "role", "email");
    for a in &ACCOUNTS {
        println!("  {:<10} {:<28} {}", a.role.as_str(), a.email, a.password);
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::call::check_publishable;

    #[test]
    fn demo_calls_are_publishable_whenever_the_demo_is_loaded() {
        for days in [0, 100, 200, 300] {
            let now = Utc::now() + Duration::days(days);
            assert_eq!(check_publishable(&pcp_spec(now), now), []);
            assert_eq!(check_publishable(&dialogue_spec(now), now), []);
            let past = now - Duration::days(40);
            assert_eq!(check_publishable(&closed_pcp_spec(now), past), []);
        }
    }

    #[test]
    fn demo_organisations_have_valid_vat_numbers() {
        for (_, vat, _, _, [city, postal_code, nuts, size]) in ORGANISATIONS {
            assert!(
                crate::domain::fiscal::is_valid_numeric_fiscal_code(vat),
                "{vat}"
            );
            let profile = crate::domain::organisation::SupplierProfile {
                city: city.into(),
                postal_code: postal_code.into(),
                nuts: nuts.into(),
                size: size.into(),
            };
            let mut out = Vec::new();
            crate::domain::organisation::check_supplier_profile(&profile, "IT", &mut out);
            assert!(out.is_empty(), "{out:?}");
        }
    }
}
