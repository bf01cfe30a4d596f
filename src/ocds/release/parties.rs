//! The parties of a release: the authority, and each organisation that took part, once.

use serde_json::{Value, json};

use super::Snapshot;
use super::results::{organisation_id, organisation_identifier};
use crate::ocds::{BidResult, OrganisationFacts};

impl Snapshot<'_> {
    pub(super) fn parties(&self) -> Value {
        let authority = &self.call.authority;
        let mut contact = json!({ "name": self.call.spec.contact });
        if self.call.spec.contact.contains('@')
            && !self.call.spec.contact.contains(char::is_whitespace)
        {
            contact = json!({ "email": self.call.spec.contact });
        }
        let seat = authority
            .profile
            .as_ref()
            .map(|p| (&p.city, &p.postal_code));
        let mut parties = vec![json!({
            "id": format!("IT-CF-{}", authority.fiscal_code),
            "name": authority.name,
            "identifier": {
                "scheme": "IT-CF",
                "id": authority.fiscal_code,
                "legalName": authority.name,
            },
            "address": address(Some(&authority.address), seat, "Italia"),
            "contactPoint": contact,
            "roles": ["buyer", "procuringEntity"],
        })];
        let mut organisations: Vec<(&OrganisationFacts, bool)> = Vec::new();
        for (i, phase) in self.outcomes() {
            for bid in &phase.outcome.as_ref().expect("decided").bids {
                let supplier =
                    self.spec(i).kind.awards_contracts() && bid.result == BidResult::Admitted;
                // One party per organisation, by its identifier: the same supplier in several
                // phases (even under a name it has since changed) is one party.
                match organisations
                    .iter_mut()
                    .find(|(o, _)| organisation_id(o) == organisation_id(&bid.organisation))
                {
                    Some((_, is_supplier)) => *is_supplier |= supplier,
                    None => organisations.push((&bid.organisation, supplier)),
                }
            }
        }
        for (organisation, supplier) in organisations {
            let (scheme, id) = organisation_identifier(organisation);
            let roles = if supplier {
                json!(["tenderer", "supplier"])
            } else {
                json!(["tenderer"])
            };
            let mut party = json!({
                "id": organisation_id(organisation),
                "name": organisation.legal_name,
                "identifier": { "scheme": scheme, "id": id, "legalName": organisation.legal_name },
                "roles": roles,
            });
            if let Some(seat) = &organisation.profile {
                // Named as the authority's is, in Italian for Italy; others by their ISO name.
                let country = match organisation.country.to_uppercase().as_str() {
                    "IT" => "Italia",
                    code => isocountry::CountryCode::for_alpha2(code)
                        .map(|c| c.name())
                        .unwrap_or(&organisation.country),
                };
                party["address"] = address(None, Some((&seat.city, &seat.postal_code)), country);
            }
            parties.push(party);
        }
        json!(parties)
    }
}

/// An OCDS address: the street as written, the city and postal code where recorded.
fn address(street: Option<&String>, seat: Option<(&String, &String)>, country: &str) -> Value {
    let mut address = json!({ "countryName": country });
    if let Some(street) = street {
        address["streetAddress"] = json!(street);
    }
    if let Some((city, postal_code)) = seat {
        address["locality"] = json!(city);
        address["postalCode"] = json!(postal_code);
    }
    address
}
