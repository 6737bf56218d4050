//! The 194 countries of the book's flag dataset: ISO code, CIA World Factbook (GEC) code
//! and name, as in each `metadata.json` of the book's `flags/` folder.

/// One country of the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 code, upper case: `BR`.
    pub iso_cc: &'static str,
    /// The CIA World Factbook ("GEC") code: `BR` for Brazil, `GM` for Germany.
    pub gec_cc: &'static str,
    /// The name as the dataset spells it: `Korea, South`, `Côte d'Ivoire`.
    pub country: &'static str,
}

impl Country {
    /// The country's internet top-level domain: `.br`; `.uk` for `GB`.
    ///
    /// ```
    /// use flags_server::countries::find;
    ///
    /// assert_eq!(find("GB").map(|c| c.tld_cc()).as_deref(), Some(".uk"));
    /// ```
    pub fn tld_cc(&self) -> String {
        match self.iso_cc {
            "GB" => ".uk".to_string(),
            cc => format!(".{}", cc.to_ascii_lowercase()),
        }
    }

    /// The one-line `metadata.json` the server sends for this country.
    ///
    /// ```
    /// let br = flags_server::countries::find("br").unwrap();
    /// assert_eq!(
    ///     br.metadata_json(),
    ///     r#"{"country":"Brazil","gec_cc":"BR","iso_cc":"BR","tld_cc":".br"}"#
    /// );
    /// ```
    pub fn metadata_json(&self) -> String {
        serde_json::json!({
            "tld_cc": self.tld_cc(),
            "iso_cc": self.iso_cc,
            "country": self.country,
            "gec_cc": self.gec_cc,
        })
        .to_string()
    }
}

/// Finds a country by its ISO code, in any case.
///
/// ```
/// use flags_server::countries::find;
///
/// assert_eq!(find("kr").map(|c| c.country), Some("Korea, South"));
/// assert_eq!(find("XX"), None);
/// ```
pub fn find(cc: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso_cc.eq_ignore_ascii_case(cc))
}

macro_rules! countries {
    ($(($iso:literal, $gec:literal, $name:literal)),* $(,)?) => {
        /// Every country that has a flag, sorted by ISO code (AD to ZW).
        pub static COUNTRIES: &[Country] = &[
            $(Country { iso_cc: $iso, gec_cc: $gec, country: $name }),*
        ];
    };
}

countries![
    ("AD", "AN", "Andorra"),
    ("AE", "AE", "United Arab Emirates"),
    ("AF", "AF", "Afghanistan"),
    ("AG", "AC", "Antigua and Barbuda"),
    ("AL", "AL", "Albania"),
    ("AM", "AM", "Armenia"),
    ("AO", "AO", "Angola"),
    ("AR", "AR", "Argentina"),
    ("AT", "AU", "Austria"),
    ("AU", "AS", "Australia"),
    ("AZ", "AJ", "Azerbaijan"),
    ("BA", "BK", "Bosnia and Herzegovina"),
    ("BB", "BB", "Barbados"),
    ("BD", "BG", "Bangladesh"),
    ("BE", "BE", "Belgium"),
    ("BF", "UV", "Burkina Faso"),
    ("BG", "BU", "Bulgaria"),
    ("BH", "BA", "Bahrain"),
    ("BI", "BY", "Burundi"),
    ("BJ", "BN", "Benin"),
    ("BN", "BX", "Brunei"),
    ("BO", "BL", "Bolivia"),
    ("BR", "BR", "Brazil"),
    ("BS", "BF", "Bahamas, The"),
    ("BT", "BT", "Bhutan"),
    ("BW", "BC", "Botswana"),
    ("BY", "BO", "Belarus"),
    ("BZ", "BH", "Belize"),
    ("CA", "CA", "Canada"),
    ("CD", "CG", "Congo (Kinshasa)"),
    ("CF", "CT", "Central African Republic"),
    ("CG", "CF", "Congo (Brazzaville)"),
    ("CH", "SZ", "Switzerland"),
    ("CI", "IV", "Côte d'Ivoire"),
    ("CL", "CI", "Chile"),
    ("CM", "CM", "Cameroon"),
    ("CN", "CH", "China"),
    ("CO", "CO", "Colombia"),
    ("CR", "CS", "Costa Rica"),
    ("CU", "CU", "Cuba"),
    ("CV", "CV", "Cabo Verde"),
    ("CY", "CY", "Cyprus"),
    ("CZ", "EZ", "Czech Republic"),
    ("DE", "GM", "Germany"),
    ("DJ", "DJ", "Djibouti"),
    ("DK", "DA", "Denmark"),
    ("DM", "DO", "Dominica"),
    ("DZ", "AG", "Algeria"),
    ("EC", "EC", "Ecuador"),
    ("EE", "EN", "Estonia"),
    ("EG", "EG", "Egypt"),
    ("ER", "ER", "Eritrea"),
    ("ES", "SP", "Spain"),
    ("ET", "ET", "Ethiopia"),
    ("FI", "FI", "Finland"),
    ("FJ", "FJ", "Fiji"),
    ("FM", "FM", "Micronesia, Federated States of"),
    ("FR", "FR", "France"),
    ("GA", "GB", "Gabon"),
    ("GB", "UK", "United Kingdom"),
    ("GD", "GJ", "Grenada"),
    ("GE", "GG", "Georgia"),
    ("GH", "GH", "Ghana"),
    ("GM", "GA", "Gambia, The"),
    ("GN", "GV", "Guinea"),
    ("GQ", "EK", "Equatorial Guinea"),
    ("GR", "GR", "Greece"),
    ("GT", "GT", "Guatemala"),
    ("GW", "PU", "Guinea-Bissau"),
    ("GY", "GY", "Guyana"),
    ("HN", "HO", "Honduras"),
    ("HR", "HR", "Croatia"),
    ("HT", "HA", "Haiti"),
    ("HU", "HU", "Hungary"),
    ("ID", "ID", "Indonesia"),
    ("IE", "EI", "Ireland"),
    ("IL", "IS", "Israel"),
    ("IN", "IN", "India"),
    ("IQ", "IZ", "Iraq"),
    ("IR", "IR", "Iran"),
    ("IS", "IC", "Iceland"),
    ("IT", "IT", "Italy"),
    ("JM", "JM", "Jamaica"),
    ("JO", "JO", "Jordan"),
    ("JP", "JA", "Japan"),
    ("KE", "KE", "Kenya"),
    ("KG", "KG", "Kyrgyzstan"),
    ("KH", "CB", "Cambodia"),
    ("KI", "KR", "Kiribati"),
    ("KM", "CN", "Comoros"),
    ("KN", "SC", "Saint Kitts and Nevis"),
    ("KP", "KN", "Korea, North"),
    ("KR", "KS", "Korea, South"),
    ("KW", "KU", "Kuwait"),
    ("KZ", "KZ", "Kazakhstan"),
    ("LA", "LA", "Laos"),
    ("LB", "LE", "Lebanon"),
    ("LC", "ST", "Saint Lucia"),
    ("LI", "LS", "Liechtenstein"),
    ("LK", "CE", "Sri Lanka"),
    ("LR", "LI", "Liberia"),
    ("LS", "LT", "Lesotho"),
    ("LT", "LH", "Lithuania"),
    ("LU", "LU", "Luxembourg"),
    ("LV", "LG", "Latvia"),
    ("LY", "LY", "Libya"),
    ("MA", "MO", "Morocco"),
    ("MC", "MN", "Monaco"),
    ("MD", "MD", "Moldova"),
    ("ME", "MJ", "Montenegro"),
    ("MG", "MA", "Madagascar"),
    ("MH", "RM", "Marshall Islands"),
    ("MK", "MK", "Macedonia"),
    ("ML", "ML", "Mali"),
    ("MM", "BM", "Burma"),
    ("MN", "MG", "Mongolia"),
    ("MR", "MR", "Mauritania"),
    ("MT", "MT", "Malta"),
    ("MU", "MP", "Mauritius"),
    ("MV", "MV", "Maldives"),
    ("MW", "MI", "Malawi"),
    ("MX", "MX", "Mexico"),
    ("MY", "MY", "Malaysia"),
    ("MZ", "MZ", "Mozambique"),
    ("NA", "WA", "Namibia"),
    ("NE", "NG", "Niger"),
    ("NG", "NI", "Nigeria"),
    ("NI", "NU", "Nicaragua"),
    ("NL", "NL", "Netherlands"),
    ("NO", "NO", "Norway"),
    ("NP", "NP", "Nepal"),
    ("NR", "NR", "Nauru"),
    ("NZ", "NZ", "New Zealand"),
    ("OM", "MU", "Oman"),
    ("PA", "PM", "Panama"),
    ("PE", "PE", "Peru"),
    ("PG", "PP", "Papua New Guinea"),
    ("PH", "RP", "Philippines"),
    ("PK", "PK", "Pakistan"),
    ("PL", "PL", "Poland"),
    ("PT", "PO", "Portugal"),
    ("PW", "PS", "Palau"),
    ("PY", "PA", "Paraguay"),
    ("QA", "QA", "Qatar"),
    ("RO", "RO", "Romania"),
    ("RS", "RI", "Serbia"),
    ("RU", "RS", "Russia"),
    ("RW", "RW", "Rwanda"),
    ("SA", "SA", "Saudi Arabia"),
    ("SB", "BP", "Solomon Islands"),
    ("SC", "SE", "Seychelles"),
    ("SD", "SU", "Sudan"),
    ("SE", "SW", "Sweden"),
    ("SG", "SN", "Singapore"),
    ("SI", "SI", "Slovenia"),
    ("SK", "LO", "Slovakia"),
    ("SL", "SL", "Sierra Leone"),
    ("SM", "SM", "San Marino"),
    ("SN", "SG", "Senegal"),
    ("SO", "SO", "Somalia"),
    ("SR", "NS", "Suriname"),
    ("SS", "OD", "South Sudan"),
    ("ST", "TP", "Sao Tome and Principe"),
    ("SV", "ES", "El Salvador"),
    ("SY", "SY", "Syria"),
    ("SZ", "WZ", "Swaziland"),
    ("TD", "CD", "Chad"),
    ("TG", "TO", "Togo"),
    ("TH", "TH", "Thailand"),
    ("TJ", "TI", "Tajikistan"),
    ("TL", "TT", "Timor-Leste"),
    ("TM", "TX", "Turkmenistan"),
    ("TN", "TS", "Tunisia"),
    ("TO", "TN", "Tonga"),
    ("TR", "TU", "Turkey"),
    ("TT", "TD", "Trinidad and Tobago"),
    ("TV", "TV", "Tuvalu"),
    ("TW", "TW", "Taiwan"),
    ("TZ", "TZ", "Tanzania"),
    ("UA", "UP", "Ukraine"),
    ("UG", "UG", "Uganda"),
    ("US", "US", "United States"),
    ("UY", "UY", "Uruguay"),
    ("UZ", "UZ", "Uzbekistan"),
    ("VA", "VT", "Holy See (Vatican City)"),
    ("VC", "VC", "Saint Vincent and the Grenadines"),
    ("VE", "VE", "Venezuela"),
    ("VN", "VM", "Vietnam"),
    ("VU", "NH", "Vanuatu"),
    ("WS", "WS", "Samoa"),
    ("YE", "YM", "Yemen"),
    ("ZA", "SF", "South Africa"),
    ("ZM", "ZA", "Zambia"),
    ("ZW", "ZI", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_has_194_sorted_unique_codes() {
        assert_eq!(COUNTRIES.len(), 194);
        assert!(COUNTRIES.windows(2).all(|w| w[0].iso_cc < w[1].iso_cc));
        assert_eq!(COUNTRIES[0].iso_cc, "AD");
        assert_eq!(COUNTRIES[193].iso_cc, "ZW");
    }

    #[test]
    fn metadata_is_one_line_of_json_with_the_four_keys() {
        let br = find("br").expect("Brazil is in the dataset");
        let json: serde_json::Value =
            serde_json::from_str(&br.metadata_json()).expect("valid JSON");
        assert_eq!(json["tld_cc"], ".br");
        assert_eq!(json["iso_cc"], "BR");
        assert_eq!(json["country"], "Brazil");
        assert_eq!(json["gec_cc"], "BR");
        assert!(!br.metadata_json().contains('\n'));
        assert_eq!(find("GB").map(Country::tld_cc).as_deref(), Some(".uk"));
    }
}
