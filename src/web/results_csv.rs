//! The public results of a phase as CSV: rank, organisation, receipt, points per criterion, price,
//! total, outcome. Italian spreadsheets open `;`-separated UTF-8 with a BOM in columns, with
//! decimal commas; English gets commas and points. A cell that a spreadsheet would run as a
//! formula is neutralised.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use crate::domain::evaluation::Exact;
use crate::domain::lang::Lang;
use crate::error::AppError;

/// A text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`, which
/// spreadsheets show as text (OWASP's advice against CSV injection).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn number(e: &Exact, lang: Lang) -> String {
    e.two_decimals(lang)
}

fn amount(cents: i64, lang: Lang) -> String {
    let plain = crate::domain::money::plain_decimal(cents);
    match lang {
        Lang::It => plain.replace('.', ","),
        Lang::En => plain,
    }
}

#[utoipa::path(get, path = "/api/v1/phases/{id}/results.csv", tag = "records", params(("id" = String, Path), ("lang" = Option<String>, Query, description = "it (default: semicolons, decimal comma, BOM) or en")),
    responses((status = 200, description = "The confirmed results", content_type = "text/csv"), (status = 404, description = "Not found, or not visible to this reader", body = crate::error::ErrorBody)))]
pub async fn results_csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let lang = ctx.lang;
    let results = state
        .db(move |conn| crate::service::evaluation::public_results(conn, &id))
        .await?
        .ok_or(AppError::NotFound)?;
    let t = ctx.tr();
    let (delimiter, bom): (u8, &[u8]) = match lang {
        Lang::It => (b';', "\u{feff}".as_bytes()),
        Lang::En => (b',', b""),
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(bom.to_vec());
    let mut header = vec![
        t.s("results.rank").to_string(),
        t.s("results.organisation").to_string(),
        t.s("receipt.number").to_string(),
    ];
    header.extend(results.criteria.iter().map(|c| cell(c)));
    header.extend([
        t.s("results.price").to_string(),
        t.s("results.total").to_string(),
        t.s("results.outcome").to_string(),
    ]);
    let io = |e: csv::Error| AppError::Unexpected(e.into());
    out.write_record(&header).map_err(io)?;
    for l in &results.lines {
        let outcome =
            crate::i18n::result_outcome(results.kind, l.excluded.as_ref(), l.admitted, lang);
        let mut row = vec![
            l.rank.map(|r| r.to_string()).unwrap_or_default(),
            cell(&l.organisation),
            l.receipt_number.clone(),
        ];
        row.extend(
            l.points
                .iter()
                .map(|p| p.as_ref().map(|p| number(p, lang)).unwrap_or_default()),
        );
        row.extend([
            l.price_cents.map(|c| amount(c, lang)).unwrap_or_default(),
            number(&l.total, lang),
            outcome,
        ]);
        out.write_record(&row).map_err(io)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(super::disposition::attachment(match lang {
            Lang::It => "risultati.csv",
            Lang::En => "results.csv",
        }))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_kept_as_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(cell("Alfa S.r.l."), "Alfa S.r.l.");
    }

    #[test]
    fn amounts_follow_the_language() {
        assert_eq!(amount(2_000_050, Lang::It), "20000,50");
        assert_eq!(amount(2_000_050, Lang::En), "20000.50");
    }
}
