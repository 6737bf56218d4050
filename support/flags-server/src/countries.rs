//! The 194 countries of the book's flag dataset ([`COUNTRIES`]): ISO code, CIA World
//! Factbook (GEC) code, name and top-level domain, as in each `metadata.json` of the book's
//! `flags/` folder; [`find`] and [`position`] look one up by its ISO code.

/// One country of the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 code, upper case: `BR`.
    pub iso_cc: &'static str,
    /// The CIA World Factbook ("GEC") code: `BR` for Brazil, `GM` for Germany.
    pub gec_cc: &'static str,
    /// The name as the dataset spells it: `Korea, South`, `Côte d'Ivoire`.
    pub country: &'static str,
    /// The internet top-level domain: `.br`; `.uk` for `GB`.
    tld: &'static str,
    /// The book's `metadata.json`, byte for byte (its key order, its spacing, its
    /// `\u00f4` escapes).
    metadata: &'static str,
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
        self.tld.to_string()
    }

    /// The one-line `metadata.json` the server sends for this country: the book's.
    ///
    /// ```
    /// let br = flags_server::countries::find("br").unwrap();
    /// assert_eq!(
    ///     br.metadata_json(),
    ///     r#"{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}"#
    /// );
    /// ```
    pub fn metadata_json(&self) -> String {
        self.metadata.to_string()
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
    position(cc).map(|i| &COUNTRIES[i])
}

/// Where the country `cc` (any case) stands in [`COUNTRIES`]: the index of its flag.
///
/// ```
/// use flags_server::countries::{COUNTRIES, position};
///
/// assert_eq!(position("br").map(|i| COUNTRIES[i].iso_cc), Some("BR"));
/// assert_eq!(position("XX"), None);
/// ```
pub fn position(cc: &str) -> Option<usize> {
    COUNTRIES
        .iter()
        .position(|c| c.iso_cc.eq_ignore_ascii_case(cc))
}

macro_rules! countries {
    ($(($iso:literal, $gec:literal, $name:literal, $tld:literal, $json:literal)),* $(,)?) => {
        /// Every country that has a flag, sorted by ISO code (AD to ZW), with the book's
        /// names and `metadata.json`.
        pub static COUNTRIES: &[Country] = &[
            $(Country { iso_cc: $iso, gec_cc: $gec, country: $name, tld: $tld, metadata: $json }),*
        ];
    };
}

// The book's `metadata.json` of each of the 194 countries (its `flags/` folder).
countries! {
    ("AD", "AN", "Andorra", ".ad", r#"{"tld_cc": ".ad", "iso_cc": "AD", "country": "Andorra", "gec_cc": "AN"}"#),
    ("AE", "AE", "United Arab Emirates", ".ae", r#"{"tld_cc": ".ae", "iso_cc": "AE", "country": "United Arab Emirates", "gec_cc": "AE"}"#),
    ("AF", "AF", "Afghanistan", ".af", r#"{"tld_cc": ".af", "iso_cc": "AF", "country": "Afghanistan", "gec_cc": "AF"}"#),
    ("AG", "AC", "Antigua and Barbuda", ".ag", r#"{"tld_cc": ".ag", "iso_cc": "AG", "country": "Antigua and Barbuda", "gec_cc": "AC"}"#),
    ("AL", "AL", "Albania", ".al", r#"{"tld_cc": ".al", "iso_cc": "AL", "country": "Albania", "gec_cc": "AL"}"#),
    ("AM", "AM", "Armenia", ".am", r#"{"tld_cc": ".am", "iso_cc": "AM", "country": "Armenia", "gec_cc": "AM"}"#),
    ("AO", "AO", "Angola", ".ao", r#"{"tld_cc": ".ao", "iso_cc": "AO", "country": "Angola", "gec_cc": "AO"}"#),
    ("AR", "AR", "Argentina", ".ar", r#"{"tld_cc": ".ar", "iso_cc": "AR", "country": "Argentina", "gec_cc": "AR"}"#),
    ("AT", "AU", "Austria", ".at", r#"{"tld_cc": ".at", "iso_cc": "AT", "country": "Austria", "gec_cc": "AU"}"#),
    ("AU", "AS", "Australia", ".au", r#"{"tld_cc": ".au", "iso_cc": "AU", "country": "Australia", "gec_cc": "AS"}"#),
    ("AZ", "AJ", "Azerbaijan", ".az", r#"{"tld_cc": ".az", "iso_cc": "AZ", "country": "Azerbaijan", "gec_cc": "AJ"}"#),
    ("BA", "BK", "Bosnia and Herzegovina", ".ba", r#"{"tld_cc": ".ba", "iso_cc": "BA", "country": "Bosnia and Herzegovina", "gec_cc": "BK"}"#),
    ("BB", "BB", "Barbados", ".bb", r#"{"tld_cc": ".bb", "iso_cc": "BB", "country": "Barbados", "gec_cc": "BB"}"#),
    ("BD", "BG", "Bangladesh", ".bd", r#"{"tld_cc": ".bd", "iso_cc": "BD", "country": "Bangladesh", "gec_cc": "BG"}"#),
    ("BE", "BE", "Belgium", ".be", r#"{"tld_cc": ".be", "iso_cc": "BE", "country": "Belgium", "gec_cc": "BE"}"#),
    ("BF", "UV", "Burkina Faso", ".bf", r#"{"tld_cc": ".bf", "iso_cc": "BF", "country": "Burkina Faso", "gec_cc": "UV"}"#),
    ("BG", "BU", "Bulgaria", ".bg", r#"{"tld_cc": ".bg", "iso_cc": "BG", "country": "Bulgaria", "gec_cc": "BU"}"#),
    ("BH", "BA", "Bahrain", ".bh", r#"{"tld_cc": ".bh", "iso_cc": "BH", "country": "Bahrain", "gec_cc": "BA"}"#),
    ("BI", "BY", "Burundi", ".bi", r#"{"tld_cc": ".bi", "iso_cc": "BI", "country": "Burundi", "gec_cc": "BY"}"#),
    ("BJ", "BN", "Benin", ".bj", r#"{"tld_cc": ".bj", "iso_cc": "BJ", "country": "Benin", "gec_cc": "BN"}"#),
    ("BN", "BX", "Brunei Darussalam", ".bn", r#"{"tld_cc": ".bn", "iso_cc": "BN", "country": "Brunei Darussalam", "gec_cc": "BX"}"#),
    ("BO", "BL", "Bolivia", ".bo", r#"{"tld_cc": ".bo", "iso_cc": "BO", "country": "Bolivia", "gec_cc": "BL"}"#),
    ("BR", "BR", "Brazil", ".br", r#"{"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil", "gec_cc": "BR"}"#),
    ("BS", "BF", "Bahamas", ".bs", r#"{"tld_cc": ".bs", "iso_cc": "BS", "country": "Bahamas", "gec_cc": "BF"}"#),
    ("BT", "BT", "Bhutan", ".bt", r#"{"tld_cc": ".bt", "iso_cc": "BT", "country": "Bhutan", "gec_cc": "BT"}"#),
    ("BW", "BC", "Botswana", ".bw", r#"{"tld_cc": ".bw", "iso_cc": "BW", "country": "Botswana", "gec_cc": "BC"}"#),
    ("BY", "BO", "Belarus", ".by", r#"{"tld_cc": ".by", "iso_cc": "BY", "country": "Belarus", "gec_cc": "BO"}"#),
    ("BZ", "BH", "Belize", ".bz", r#"{"tld_cc": ".bz", "iso_cc": "BZ", "country": "Belize", "gec_cc": "BH"}"#),
    ("CA", "CA", "Canada", ".ca", r#"{"tld_cc": ".ca", "iso_cc": "CA", "country": "Canada", "gec_cc": "CA"}"#),
    ("CD", "CG", "Congo (Kinshasa)", ".cd", r#"{"tld_cc": ".cd", "iso_cc": "CD", "country": "Congo (Kinshasa)", "gec_cc": "CG"}"#),
    ("CF", "CT", "Central African Republic", ".cf", r#"{"tld_cc": ".cf", "iso_cc": "CF", "country": "Central African Republic", "gec_cc": "CT"}"#),
    ("CG", "CF", "Congo (Brazzaville)", ".cg", r#"{"tld_cc": ".cg", "iso_cc": "CG", "country": "Congo (Brazzaville)", "gec_cc": "CF"}"#),
    ("CH", "SZ", "Switzerland", ".ch", r#"{"tld_cc": ".ch", "iso_cc": "CH", "country": "Switzerland", "gec_cc": "SZ"}"#),
    ("CI", "IV", "Côte d'Ivoire", ".ci", r#"{"tld_cc": ".ci", "iso_cc": "CI", "country": "C\u00f4te d'Ivoire", "gec_cc": "IV"}"#),
    ("CL", "CI", "Chile", ".cl", r#"{"tld_cc": ".cl", "iso_cc": "CL", "country": "Chile", "gec_cc": "CI"}"#),
    ("CM", "CM", "Cameroon", ".cm", r#"{"tld_cc": ".cm", "iso_cc": "CM", "country": "Cameroon", "gec_cc": "CM"}"#),
    ("CN", "CH", "China", ".cn", r#"{"tld_cc": ".cn", "iso_cc": "CN", "country": "China", "gec_cc": "CH"}"#),
    ("CO", "CO", "Colombia", ".co", r#"{"tld_cc": ".co", "iso_cc": "CO", "country": "Colombia", "gec_cc": "CO"}"#),
    ("CR", "CS", "Costa Rica", ".cr", r#"{"tld_cc": ".cr", "iso_cc": "CR", "country": "Costa Rica", "gec_cc": "CS"}"#),
    ("CU", "CU", "Cuba", ".cu", r#"{"tld_cc": ".cu", "iso_cc": "CU", "country": "Cuba", "gec_cc": "CU"}"#),
    ("CV", "CV", "Cape Verde", ".cv", r#"{"tld_cc": ".cv", "iso_cc": "CV", "country": "Cape Verde", "gec_cc": "CV"}"#),
    ("CY", "CY", "Cyprus", ".cy", r#"{"tld_cc": ".cy", "iso_cc": "CY", "country": "Cyprus", "gec_cc": "CY"}"#),
    ("CZ", "EZ", "Czech Republic", ".cz", r#"{"tld_cc": ".cz", "iso_cc": "CZ", "country": "Czech Republic", "gec_cc": "EZ"}"#),
    ("DE", "GM", "Germany", ".de", r#"{"tld_cc": ".de", "iso_cc": "DE", "country": "Germany", "gec_cc": "GM"}"#),
    ("DJ", "DJ", "Djibouti", ".dj", r#"{"tld_cc": ".dj", "iso_cc": "DJ", "country": "Djibouti", "gec_cc": "DJ"}"#),
    ("DK", "DA", "Denmark", ".dk", r#"{"tld_cc": ".dk", "iso_cc": "DK", "country": "Denmark", "gec_cc": "DA"}"#),
    ("DM", "DO", "Dominica", ".dm", r#"{"tld_cc": ".dm", "iso_cc": "DM", "country": "Dominica", "gec_cc": "DO"}"#),
    ("DZ", "AG", "Algeria", ".dz", r#"{"tld_cc": ".dz", "iso_cc": "DZ", "country": "Algeria", "gec_cc": "AG"}"#),
    ("EC", "EC", "Ecuador", ".ec", r#"{"tld_cc": ".ec", "iso_cc": "EC", "country": "Ecuador", "gec_cc": "EC"}"#),
    ("EE", "EN", "Estonia", ".ee", r#"{"tld_cc": ".ee", "iso_cc": "EE", "country": "Estonia", "gec_cc": "EN"}"#),
    ("EG", "EG", "Egypt", ".eg", r#"{"tld_cc": ".eg", "iso_cc": "EG", "country": "Egypt", "gec_cc": "EG"}"#),
    ("ER", "ER", "Eritrea", ".er", r#"{"tld_cc": ".er", "iso_cc": "ER", "country": "Eritrea", "gec_cc": "ER"}"#),
    ("ES", "SP", "Spain", ".es", r#"{"tld_cc": ".es", "iso_cc": "ES", "country": "Spain", "gec_cc": "SP"}"#),
    ("ET", "ET", "Ethiopia", ".et", r#"{"tld_cc": ".et", "iso_cc": "ET", "country": "Ethiopia", "gec_cc": "ET"}"#),
    ("FI", "FI", "Finland", ".fi", r#"{"tld_cc": ".fi", "iso_cc": "FI", "country": "Finland", "gec_cc": "FI"}"#),
    ("FJ", "FJ", "Fiji", ".fj", r#"{"tld_cc": ".fj", "iso_cc": "FJ", "country": "Fiji", "gec_cc": "FJ"}"#),
    ("FM", "FM", "Micronesia", ".fm", r#"{"tld_cc": ".fm", "iso_cc": "FM", "country": "Micronesia", "gec_cc": "FM"}"#),
    ("FR", "FR", "France", ".fr", r#"{"tld_cc": ".fr", "iso_cc": "FR", "country": "France", "gec_cc": "FR"}"#),
    ("GA", "GB", "Gabon", ".ga", r#"{"tld_cc": ".ga", "iso_cc": "GA", "country": "Gabon", "gec_cc": "GB"}"#),
    ("GB", "UK", "United Kingdom", ".uk", r#"{"tld_cc": ".uk", "iso_cc": "GB", "country": "United Kingdom", "gec_cc": "UK"}"#),
    ("GD", "GJ", "Grenada", ".gd", r#"{"tld_cc": ".gd", "iso_cc": "GD", "country": "Grenada", "gec_cc": "GJ"}"#),
    ("GE", "GG", "Georgia", ".ge", r#"{"tld_cc": ".ge", "iso_cc": "GE", "country": "Georgia", "gec_cc": "GG"}"#),
    ("GH", "GH", "Ghana", ".gh", r#"{"tld_cc": ".gh", "iso_cc": "GH", "country": "Ghana", "gec_cc": "GH"}"#),
    ("GM", "GA", "Gambia", ".gm", r#"{"tld_cc": ".gm", "iso_cc": "GM", "country": "Gambia", "gec_cc": "GA"}"#),
    ("GN", "GV", "Guinea", ".gn", r#"{"tld_cc": ".gn", "iso_cc": "GN", "country": "Guinea", "gec_cc": "GV"}"#),
    ("GQ", "EK", "Equatorial Guinea", ".gq", r#"{"tld_cc": ".gq", "iso_cc": "GQ", "country": "Equatorial Guinea", "gec_cc": "EK"}"#),
    ("GR", "GR", "Greece", ".gr", r#"{"tld_cc": ".gr", "iso_cc": "GR", "country": "Greece", "gec_cc": "GR"}"#),
    ("GT", "GT", "Guatemala", ".gt", r#"{"tld_cc": ".gt", "iso_cc": "GT", "country": "Guatemala", "gec_cc": "GT"}"#),
    ("GW", "PU", "Guinea-Bissau", ".gw", r#"{"tld_cc": ".gw", "iso_cc": "GW", "country": "Guinea-Bissau", "gec_cc": "PU"}"#),
    ("GY", "GY", "Guyana", ".gy", r#"{"tld_cc": ".gy", "iso_cc": "GY", "country": "Guyana", "gec_cc": "GY"}"#),
    ("HN", "HO", "Honduras", ".hn", r#"{"tld_cc": ".hn", "iso_cc": "HN", "country": "Honduras", "gec_cc": "HO"}"#),
    ("HR", "HR", "Croatia", ".hr", r#"{"tld_cc": ".hr", "iso_cc": "HR", "country": "Croatia", "gec_cc": "HR"}"#),
    ("HT", "HA", "Haiti", ".ht", r#"{"tld_cc": ".ht", "iso_cc": "HT", "country": "Haiti", "gec_cc": "HA"}"#),
    ("HU", "HU", "Hungary", ".hu", r#"{"tld_cc": ".hu", "iso_cc": "HU", "country": "Hungary", "gec_cc": "HU"}"#),
    ("ID", "ID", "Indonesia", ".id", r#"{"tld_cc": ".id", "iso_cc": "ID", "country": "Indonesia", "gec_cc": "ID"}"#),
    ("IE", "EI", "Ireland", ".ie", r#"{"tld_cc": ".ie", "iso_cc": "IE", "country": "Ireland", "gec_cc": "EI"}"#),
    ("IL", "IS", "Israel", ".il", r#"{"tld_cc": ".il", "iso_cc": "IL", "country": "Israel", "gec_cc": "IS"}"#),
    ("IN", "IN", "India", ".in", r#"{"tld_cc": ".in", "iso_cc": "IN", "country": "India", "gec_cc": "IN"}"#),
    ("IQ", "IZ", "Iraq", ".iq", r#"{"tld_cc": ".iq", "iso_cc": "IQ", "country": "Iraq", "gec_cc": "IZ"}"#),
    ("IR", "IR", "Iran", ".ir", r#"{"tld_cc": ".ir", "iso_cc": "IR", "country": "Iran", "gec_cc": "IR"}"#),
    ("IS", "IC", "Iceland", ".is", r#"{"tld_cc": ".is", "iso_cc": "IS", "country": "Iceland", "gec_cc": "IC"}"#),
    ("IT", "IT", "Italy", ".it", r#"{"tld_cc": ".it", "iso_cc": "IT", "country": "Italy", "gec_cc": "IT"}"#),
    ("JM", "JM", "Jamaica", ".jm", r#"{"tld_cc": ".jm", "iso_cc": "JM", "country": "Jamaica", "gec_cc": "JM"}"#),
    ("JO", "JO", "Jordan", ".jo", r#"{"tld_cc": ".jo", "iso_cc": "JO", "country": "Jordan", "gec_cc": "JO"}"#),
    ("JP", "JA", "Japan", ".jp", r#"{"tld_cc": ".jp", "iso_cc": "JP", "country": "Japan", "gec_cc": "JA"}"#),
    ("KE", "KE", "Kenya", ".ke", r#"{"tld_cc": ".ke", "iso_cc": "KE", "country": "Kenya", "gec_cc": "KE"}"#),
    ("KG", "KG", "Kyrgyzstan", ".kg", r#"{"tld_cc": ".kg", "iso_cc": "KG", "country": "Kyrgyzstan", "gec_cc": "KG"}"#),
    ("KH", "CB", "Cambodia", ".kh", r#"{"tld_cc": ".kh", "iso_cc": "KH", "country": "Cambodia", "gec_cc": "CB"}"#),
    ("KI", "KR", "Kiribati", ".ki", r#"{"tld_cc": ".ki", "iso_cc": "KI", "country": "Kiribati", "gec_cc": "KR"}"#),
    ("KM", "CN", "Comoros", ".km", r#"{"tld_cc": ".km", "iso_cc": "KM", "country": "Comoros", "gec_cc": "CN"}"#),
    ("KN", "SC", "Saint Kitts and Nevis", ".kn", r#"{"tld_cc": ".kn", "iso_cc": "KN", "country": "Saint Kitts and Nevis", "gec_cc": "SC"}"#),
    ("KP", "KN", "Korea, North", ".kp", r#"{"tld_cc": ".kp", "iso_cc": "KP", "country": "Korea, North", "gec_cc": "KN"}"#),
    ("KR", "KS", "Korea, South", ".kr", r#"{"tld_cc": ".kr", "iso_cc": "KR", "country": "Korea, South", "gec_cc": "KS"}"#),
    ("KW", "KU", "Kuwait", ".kw", r#"{"tld_cc": ".kw", "iso_cc": "KW", "country": "Kuwait", "gec_cc": "KU"}"#),
    ("KZ", "KZ", "Kazakhstan", ".kz", r#"{"tld_cc": ".kz", "iso_cc": "KZ", "country": "Kazakhstan", "gec_cc": "KZ"}"#),
    ("LA", "LA", "Laos", ".la", r#"{"tld_cc": ".la", "iso_cc": "LA", "country": "Laos", "gec_cc": "LA"}"#),
    ("LB", "LE", "Lebanon", ".lb", r#"{"tld_cc": ".lb", "iso_cc": "LB", "country": "Lebanon", "gec_cc": "LE"}"#),
    ("LC", "ST", "Saint Lucia", ".lc", r#"{"tld_cc": ".lc", "iso_cc": "LC", "country": "Saint Lucia", "gec_cc": "ST"}"#),
    ("LI", "LS", "Liechtenstein", ".li", r#"{"tld_cc": ".li", "iso_cc": "LI", "country": "Liechtenstein", "gec_cc": "LS"}"#),
    ("LK", "CE", "Sri Lanka", ".lk", r#"{"tld_cc": ".lk", "iso_cc": "LK", "country": "Sri Lanka", "gec_cc": "CE"}"#),
    ("LR", "LI", "Liberia", ".lr", r#"{"tld_cc": ".lr", "iso_cc": "LR", "country": "Liberia", "gec_cc": "LI"}"#),
    ("LS", "LT", "Lesotho", ".ls", r#"{"tld_cc": ".ls", "iso_cc": "LS", "country": "Lesotho", "gec_cc": "LT"}"#),
    ("LT", "LH", "Lithuania", ".lt", r#"{"tld_cc": ".lt", "iso_cc": "LT", "country": "Lithuania", "gec_cc": "LH"}"#),
    ("LU", "LU", "Luxembourg", ".lu", r#"{"tld_cc": ".lu", "iso_cc": "LU", "country": "Luxembourg", "gec_cc": "LU"}"#),
    ("LV", "LG", "Latvia", ".lv", r#"{"tld_cc": ".lv", "iso_cc": "LV", "country": "Latvia", "gec_cc": "LG"}"#),
    ("LY", "LY", "Libya", ".ly", r#"{"tld_cc": ".ly", "iso_cc": "LY", "country": "Libya", "gec_cc": "LY"}"#),
    ("MA", "MO", "Morocco", ".ma", r#"{"tld_cc": ".ma", "iso_cc": "MA", "country": "Morocco", "gec_cc": "MO"}"#),
    ("MC", "MN", "Monaco", ".mc", r#"{"tld_cc": ".mc", "iso_cc": "MC", "country": "Monaco", "gec_cc": "MN"}"#),
    ("MD", "MD", "Moldova", ".md", r#"{"tld_cc": ".md", "iso_cc": "MD", "country": "Moldova", "gec_cc": "MD"}"#),
    ("ME", "MJ", "Montenegro", ".me", r#"{"tld_cc": ".me", "iso_cc": "ME", "country": "Montenegro", "gec_cc": "MJ"}"#),
    ("MG", "MA", "Madagascar", ".mg", r#"{"tld_cc": ".mg", "iso_cc": "MG", "country": "Madagascar", "gec_cc": "MA"}"#),
    ("MH", "RM", "Marshall Islands", ".mh", r#"{"tld_cc": ".mh", "iso_cc": "MH", "country": "Marshall Islands", "gec_cc": "RM"}"#),
    ("MK", "MK", "Macedonia", ".mk", r#"{"tld_cc": ".mk", "iso_cc": "MK", "country": "Macedonia", "gec_cc": "MK"}"#),
    ("ML", "ML", "Mali", ".ml", r#"{"tld_cc": ".ml", "iso_cc": "ML", "country": "Mali", "gec_cc": "ML"}"#),
    ("MM", "BM", "Myanmar", ".mm", r#"{"tld_cc": ".mm", "iso_cc": "MM", "country": "Myanmar", "gec_cc": "BM"}"#),
    ("MN", "MG", "Mongolia", ".mn", r#"{"tld_cc": ".mn", "iso_cc": "MN", "country": "Mongolia", "gec_cc": "MG"}"#),
    ("MR", "MR", "Mauritania", ".mr", r#"{"tld_cc": ".mr", "iso_cc": "MR", "country": "Mauritania", "gec_cc": "MR"}"#),
    ("MT", "MT", "Malta", ".mt", r#"{"tld_cc": ".mt", "iso_cc": "MT", "country": "Malta", "gec_cc": "MT"}"#),
    ("MU", "MP", "Mauritius", ".mu", r#"{"tld_cc": ".mu", "iso_cc": "MU", "country": "Mauritius", "gec_cc": "MP"}"#),
    ("MV", "MV", "Maldives", ".mv", r#"{"tld_cc": ".mv", "iso_cc": "MV", "country": "Maldives", "gec_cc": "MV"}"#),
    ("MW", "MI", "Malawi", ".mw", r#"{"tld_cc": ".mw", "iso_cc": "MW", "country": "Malawi", "gec_cc": "MI"}"#),
    ("MX", "MX", "Mexico", ".mx", r#"{"tld_cc": ".mx", "iso_cc": "MX", "country": "Mexico", "gec_cc": "MX"}"#),
    ("MY", "MY", "Malaysia", ".my", r#"{"tld_cc": ".my", "iso_cc": "MY", "country": "Malaysia", "gec_cc": "MY"}"#),
    ("MZ", "MZ", "Mozambique", ".mz", r#"{"tld_cc": ".mz", "iso_cc": "MZ", "country": "Mozambique", "gec_cc": "MZ"}"#),
    ("NA", "WA", "Namibia", ".na", r#"{"tld_cc": ".na", "iso_cc": "NA", "country": "Namibia", "gec_cc": "WA"}"#),
    ("NE", "NG", "Niger", ".ne", r#"{"tld_cc": ".ne", "iso_cc": "NE", "country": "Niger", "gec_cc": "NG"}"#),
    ("NG", "NI", "Nigeria", ".ng", r#"{"tld_cc": ".ng", "iso_cc": "NG", "country": "Nigeria", "gec_cc": "NI"}"#),
    ("NI", "NU", "Nicaragua", ".ni", r#"{"tld_cc": ".ni", "iso_cc": "NI", "country": "Nicaragua", "gec_cc": "NU"}"#),
    ("NL", "NL", "Netherlands", ".nl", r#"{"tld_cc": ".nl", "iso_cc": "NL", "country": "Netherlands", "gec_cc": "NL"}"#),
    ("NO", "NO", "Norway", ".no", r#"{"tld_cc": ".no", "iso_cc": "NO", "country": "Norway", "gec_cc": "NO"}"#),
    ("NP", "NP", "Nepal", ".np", r#"{"tld_cc": ".np", "iso_cc": "NP", "country": "Nepal", "gec_cc": "NP"}"#),
    ("NR", "NR", "Nauru", ".nr", r#"{"tld_cc": ".nr", "iso_cc": "NR", "country": "Nauru", "gec_cc": "NR"}"#),
    ("NZ", "NZ", "New Zealand", ".nz", r#"{"tld_cc": ".nz", "iso_cc": "NZ", "country": "New Zealand", "gec_cc": "NZ"}"#),
    ("OM", "MU", "Oman", ".om", r#"{"tld_cc": ".om", "iso_cc": "OM", "country": "Oman", "gec_cc": "MU"}"#),
    ("PA", "PM", "Panama", ".pa", r#"{"tld_cc": ".pa", "iso_cc": "PA", "country": "Panama", "gec_cc": "PM"}"#),
    ("PE", "PE", "Peru", ".pe", r#"{"tld_cc": ".pe", "iso_cc": "PE", "country": "Peru", "gec_cc": "PE"}"#),
    ("PG", "PP", "Papua New Guinea", ".pg", r#"{"tld_cc": ".pg", "iso_cc": "PG", "country": "Papua New Guinea", "gec_cc": "PP"}"#),
    ("PH", "RP", "Philippines", ".ph", r#"{"tld_cc": ".ph", "iso_cc": "PH", "country": "Philippines", "gec_cc": "RP"}"#),
    ("PK", "PK", "Pakistan", ".pk", r#"{"tld_cc": ".pk", "iso_cc": "PK", "country": "Pakistan", "gec_cc": "PK"}"#),
    ("PL", "PL", "Poland", ".pl", r#"{"tld_cc": ".pl", "iso_cc": "PL", "country": "Poland", "gec_cc": "PL"}"#),
    ("PT", "PO", "Portugal", ".pt", r#"{"tld_cc": ".pt", "iso_cc": "PT", "country": "Portugal", "gec_cc": "PO"}"#),
    ("PW", "PS", "Palau", ".pw", r#"{"tld_cc": ".pw", "iso_cc": "PW", "country": "Palau", "gec_cc": "PS"}"#),
    ("PY", "PA", "Paraguay", ".py", r#"{"tld_cc": ".py", "iso_cc": "PY", "country": "Paraguay", "gec_cc": "PA"}"#),
    ("QA", "QA", "Qatar", ".qa", r#"{"tld_cc": ".qa", "iso_cc": "QA", "country": "Qatar", "gec_cc": "QA"}"#),
    ("RO", "RO", "Romania", ".ro", r#"{"tld_cc": ".ro", "iso_cc": "RO", "country": "Romania", "gec_cc": "RO"}"#),
    ("RS", "RI", "Serbia", ".rs", r#"{"tld_cc": ".rs", "iso_cc": "RS", "country": "Serbia", "gec_cc": "RI"}"#),
    ("RU", "RS", "Russian Federation", ".ru", r#"{"tld_cc": ".ru", "iso_cc": "RU", "country": "Russian Federation", "gec_cc": "RS"}"#),
    ("RW", "RW", "Rwanda", ".rw", r#"{"tld_cc": ".rw", "iso_cc": "RW", "country": "Rwanda", "gec_cc": "RW"}"#),
    ("SA", "SA", "Saudi Arabia", ".sa", r#"{"tld_cc": ".sa", "iso_cc": "SA", "country": "Saudi Arabia", "gec_cc": "SA"}"#),
    ("SB", "BP", "Solomon Islands", ".sb", r#"{"tld_cc": ".sb", "iso_cc": "SB", "country": "Solomon Islands", "gec_cc": "BP"}"#),
    ("SC", "SE", "Seychelles", ".sc", r#"{"tld_cc": ".sc", "iso_cc": "SC", "country": "Seychelles", "gec_cc": "SE"}"#),
    ("SD", "SU", "Sudan", ".sd", r#"{"tld_cc": ".sd", "iso_cc": "SD", "country": "Sudan", "gec_cc": "SU"}"#),
    ("SE", "SW", "Sweden", ".se", r#"{"tld_cc": ".se", "iso_cc": "SE", "country": "Sweden", "gec_cc": "SW"}"#),
    ("SG", "SN", "Singapore", ".sg", r#"{"tld_cc": ".sg", "iso_cc": "SG", "country": "Singapore", "gec_cc": "SN"}"#),
    ("SI", "SI", "Slovenia", ".si", r#"{"tld_cc": ".si", "iso_cc": "SI", "country": "Slovenia", "gec_cc": "SI"}"#),
    ("SK", "LO", "Slovakia", ".sk", r#"{"tld_cc": ".sk", "iso_cc": "SK", "country": "Slovakia", "gec_cc": "LO"}"#),
    ("SL", "SL", "Sierra Leone", ".sl", r#"{"tld_cc": ".sl", "iso_cc": "SL", "country": "Sierra Leone", "gec_cc": "SL"}"#),
    ("SM", "SM", "San Marino", ".sm", r#"{"tld_cc": ".sm", "iso_cc": "SM", "country": "San Marino", "gec_cc": "SM"}"#),
    ("SN", "SG", "Senegal", ".sn", r#"{"tld_cc": ".sn", "iso_cc": "SN", "country": "Senegal", "gec_cc": "SG"}"#),
    ("SO", "SO", "Somalia", ".so", r#"{"tld_cc": ".so", "iso_cc": "SO", "country": "Somalia", "gec_cc": "SO"}"#),
    ("SR", "NS", "Suriname", ".sr", r#"{"tld_cc": ".sr", "iso_cc": "SR", "country": "Suriname", "gec_cc": "NS"}"#),
    ("SS", "OD", "South Sudan", ".ss", r#"{"tld_cc": ".ss", "iso_cc": "SS", "country": "South Sudan", "gec_cc": "OD"}"#),
    ("ST", "TP", "Sao Tome and Principe", ".st", r#"{"tld_cc": ".st", "iso_cc": "ST", "country": "Sao Tome and Principe", "gec_cc": "TP"}"#),
    ("SV", "ES", "El Salvador", ".sv", r#"{"tld_cc": ".sv", "iso_cc": "SV", "country": "El Salvador", "gec_cc": "ES"}"#),
    ("SY", "SY", "Syria", ".sy", r#"{"tld_cc": ".sy", "iso_cc": "SY", "country": "Syria", "gec_cc": "SY"}"#),
    ("SZ", "WZ", "Swaziland", ".sz", r#"{"tld_cc": ".sz", "iso_cc": "SZ", "country": "Swaziland", "gec_cc": "WZ"}"#),
    ("TD", "CD", "Chad", ".td", r#"{"tld_cc": ".td", "iso_cc": "TD", "country": "Chad", "gec_cc": "CD"}"#),
    ("TG", "TO", "Togo", ".tg", r#"{"tld_cc": ".tg", "iso_cc": "TG", "country": "Togo", "gec_cc": "TO"}"#),
    ("TH", "TH", "Thailand", ".th", r#"{"tld_cc": ".th", "iso_cc": "TH", "country": "Thailand", "gec_cc": "TH"}"#),
    ("TJ", "TI", "Tajikistan", ".tj", r#"{"tld_cc": ".tj", "iso_cc": "TJ", "country": "Tajikistan", "gec_cc": "TI"}"#),
    ("TL", "TT", "Timor-Leste", ".tl", r#"{"tld_cc": ".tl", "iso_cc": "TL", "country": "Timor-Leste", "gec_cc": "TT"}"#),
    ("TM", "TX", "Turkmenistan", ".tm", r#"{"tld_cc": ".tm", "iso_cc": "TM", "country": "Turkmenistan", "gec_cc": "TX"}"#),
    ("TN", "TS", "Tunisia", ".tn", r#"{"tld_cc": ".tn", "iso_cc": "TN", "country": "Tunisia", "gec_cc": "TS"}"#),
    ("TO", "TN", "Tonga", ".to", r#"{"tld_cc": ".to", "iso_cc": "TO", "country": "Tonga", "gec_cc": "TN"}"#),
    ("TR", "TU", "Turkey", ".tr", r#"{"tld_cc": ".tr", "iso_cc": "TR", "country": "Turkey", "gec_cc": "TU"}"#),
    ("TT", "TD", "Trinidad and Tobago", ".tt", r#"{"tld_cc": ".tt", "iso_cc": "TT", "country": "Trinidad and Tobago", "gec_cc": "TD"}"#),
    ("TV", "TV", "Tuvalu", ".tv", r#"{"tld_cc": ".tv", "iso_cc": "TV", "country": "Tuvalu", "gec_cc": "TV"}"#),
    ("TW", "TW", "Taiwan", ".tw", r#"{"tld_cc": ".tw", "iso_cc": "TW", "country": "Taiwan", "gec_cc": "TW"}"#),
    ("TZ", "TZ", "Tanzania", ".tz", r#"{"tld_cc": ".tz", "iso_cc": "TZ", "country": "Tanzania", "gec_cc": "TZ"}"#),
    ("UA", "UP", "Ukraine", ".ua", r#"{"tld_cc": ".ua", "iso_cc": "UA", "country": "Ukraine", "gec_cc": "UP"}"#),
    ("UG", "UG", "Uganda", ".ug", r#"{"tld_cc": ".ug", "iso_cc": "UG", "country": "Uganda", "gec_cc": "UG"}"#),
    ("US", "US", "United States of America", ".us", r#"{"tld_cc": ".us", "iso_cc": "US", "country": "United States of America", "gec_cc": "US"}"#),
    ("UY", "UY", "Uruguay", ".uy", r#"{"tld_cc": ".uy", "iso_cc": "UY", "country": "Uruguay", "gec_cc": "UY"}"#),
    ("UZ", "UZ", "Uzbekistan", ".uz", r#"{"tld_cc": ".uz", "iso_cc": "UZ", "country": "Uzbekistan", "gec_cc": "UZ"}"#),
    ("VA", "VT", "Vatican City", ".va", r#"{"tld_cc": ".va", "iso_cc": "VA", "country": "Vatican City", "gec_cc": "VT"}"#),
    ("VC", "VC", "Grenadines", ".vc", r#"{"tld_cc": ".vc", "iso_cc": "VC", "country": "Grenadines", "gec_cc": "VC"}"#),
    ("VE", "VE", "Venezuela", ".ve", r#"{"tld_cc": ".ve", "iso_cc": "VE", "country": "Venezuela", "gec_cc": "VE"}"#),
    ("VN", "VM", "Vietnam", ".vn", r#"{"tld_cc": ".vn", "iso_cc": "VN", "country": "Vietnam", "gec_cc": "VM"}"#),
    ("VU", "NH", "Vanuatu", ".vu", r#"{"tld_cc": ".vu", "iso_cc": "VU", "country": "Vanuatu", "gec_cc": "NH"}"#),
    ("WS", "WS", "Samoa", ".ws", r#"{"tld_cc": ".ws", "iso_cc": "WS", "country": "Samoa", "gec_cc": "WS"}"#),
    ("YE", "YM", "Yemen", ".ye", r#"{"tld_cc": ".ye", "iso_cc": "YE", "country": "Yemen", "gec_cc": "YM"}"#),
    ("ZA", "SF", "South Africa", ".za", r#"{"tld_cc": ".za", "iso_cc": "ZA", "country": "South Africa", "gec_cc": "SF"}"#),
    ("ZM", "ZA", "Zambia", ".zm", r#"{"tld_cc": ".zm", "iso_cc": "ZM", "country": "Zambia", "gec_cc": "ZA"}"#),
    ("ZW", "ZI", "Zimbabwe", ".zw", r#"{"tld_cc": ".zw", "iso_cc": "ZW", "country": "Zimbabwe", "gec_cc": "ZI"}"#),
}

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
        // The book's names, not ours: file names in flags3 follow them.
        assert_eq!(find("RU").map(|c| c.country), Some("Russian Federation"));
        assert_eq!(
            find("US").map(|c| c.country),
            Some("United States of America")
        );
        assert_eq!(find("CI").map(|c| c.country), Some("Côte d'Ivoire"));
        assert_eq!(find("GB").map(Country::tld_cc).as_deref(), Some(".uk"));
    }
}
