//! Genesys Cloud regions and their API / login hosts.

use std::fmt;
use std::str::FromStr;

/// A Genesys Cloud region (the deployment an organization lives in).
///
/// Every region has an API host (`api.<domain>`) and a login host (`login.<domain>`) used
/// for OAuth. For anything not listed (new regions, test environments), give the client a
/// custom base URL with [`ClientBuilder::base_url`](crate::runtime::ClientBuilder::base_url).
///
/// Parse one from a region code (`"us-east-1"`), its domain (`"mypurecloud.ie"`) or its API
/// host (`"api.mypurecloud.ie"`) with [`str::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Region {
    /// Americas (US East), `api.mypurecloud.com`.
    UsEast1,
    /// Americas (US East 2, FedRAMP), `api.use2.us-gov-pure.cloud`.
    UsEast2,
    /// Americas (US West), `api.usw2.pure.cloud`.
    UsWest2,
    /// Americas (Canada), `api.cac1.pure.cloud`.
    CaCentral1,
    /// Americas (São Paulo), `api.sae1.pure.cloud`.
    SaEast1,
    /// Americas (Mexico), `api.mxc1.pure.cloud`.
    MxCentral1,
    /// EMEA (Dublin), `api.mypurecloud.ie`.
    EuWest1,
    /// EMEA (London), `api.euw2.pure.cloud`.
    EuWest2,
    /// EMEA (Frankfurt), `api.mypurecloud.de`.
    EuCentral1,
    /// EMEA (Zurich), `api.euc2.pure.cloud`.
    EuCentral2,
    /// EMEA (UAE), `api.mec1.pure.cloud`.
    MeCentral1,
    /// Asia Pacific (Mumbai), `api.aps1.pure.cloud`.
    ApSouth1,
    /// Asia Pacific (Tokyo), `api.mypurecloud.jp`.
    ApNortheast1,
    /// Asia Pacific (Seoul), `api.apne2.pure.cloud`.
    ApNortheast2,
    /// Asia Pacific (Osaka), `api.apne3.pure.cloud`.
    ApNortheast3,
    /// Asia Pacific (Sydney), `api.mypurecloud.com.au`.
    ApSoutheast2,
    /// Asia Pacific (Southeast Asia), `api.apse1.pure.cloud`.
    ApSoutheast1,
}

impl Region {
    /// Every region this version of the crate knows, in declaration order.
    pub const ALL: &'static [Region] = &[
        Region::UsEast1,
        Region::UsEast2,
        Region::UsWest2,
        Region::CaCentral1,
        Region::SaEast1,
        Region::MxCentral1,
        Region::EuWest1,
        Region::EuWest2,
        Region::EuCentral1,
        Region::EuCentral2,
        Region::MeCentral1,
        Region::ApSouth1,
        Region::ApNortheast1,
        Region::ApNortheast2,
        Region::ApNortheast3,
        Region::ApSoutheast2,
        Region::ApSoutheast1,
    ];

    /// The region code, e.g. `"us-east-1"`.
    pub fn code(self) -> &'static str {
        match self {
            Region::UsEast1 => "us-east-1",
            Region::UsEast2 => "us-east-2",
            Region::UsWest2 => "us-west-2",
            Region::CaCentral1 => "ca-central-1",
            Region::SaEast1 => "sa-east-1",
            Region::MxCentral1 => "mx-central-1",
            Region::EuWest1 => "eu-west-1",
            Region::EuWest2 => "eu-west-2",
            Region::EuCentral1 => "eu-central-1",
            Region::EuCentral2 => "eu-central-2",
            Region::MeCentral1 => "me-central-1",
            Region::ApSouth1 => "ap-south-1",
            Region::ApNortheast1 => "ap-northeast-1",
            Region::ApNortheast2 => "ap-northeast-2",
            Region::ApNortheast3 => "ap-northeast-3",
            Region::ApSoutheast2 => "ap-southeast-2",
            Region::ApSoutheast1 => "ap-southeast-1",
        }
    }

    /// The region's domain, e.g. `"mypurecloud.com"` (the API host without `api.`).
    pub fn domain(self) -> &'static str {
        match self {
            Region::UsEast1 => "mypurecloud.com",
            Region::UsEast2 => "use2.us-gov-pure.cloud",
            Region::UsWest2 => "usw2.pure.cloud",
            Region::CaCentral1 => "cac1.pure.cloud",
            Region::SaEast1 => "sae1.pure.cloud",
            Region::MxCentral1 => "mxc1.pure.cloud",
            Region::EuWest1 => "mypurecloud.ie",
            Region::EuWest2 => "euw2.pure.cloud",
            Region::EuCentral1 => "mypurecloud.de",
            Region::EuCentral2 => "euc2.pure.cloud",
            Region::MeCentral1 => "mec1.pure.cloud",
            Region::ApSouth1 => "aps1.pure.cloud",
            Region::ApNortheast1 => "mypurecloud.jp",
            Region::ApNortheast2 => "apne2.pure.cloud",
            Region::ApNortheast3 => "apne3.pure.cloud",
            Region::ApSoutheast2 => "mypurecloud.com.au",
            Region::ApSoutheast1 => "apse1.pure.cloud",
        }
    }

    /// The API host, e.g. `"api.mypurecloud.com"`.
    pub fn api_host(self) -> String {
        format!("api.{}", self.domain())
    }

    /// The OAuth login host, e.g. `"login.mypurecloud.com"`.
    pub fn login_host(self) -> String {
        format!("login.{}", self.domain())
    }

    /// The API base URL, e.g. `https://api.mypurecloud.com`.
    pub fn api_base_url(self) -> url::Url {
        url::Url::parse(&format!("https://{}", self.api_host())).expect("static host is valid")
    }

    /// The OAuth token endpoint, e.g. `https://login.mypurecloud.com/oauth/token`.
    pub fn token_url(self) -> url::Url {
        url::Url::parse(&format!("https://{}/oauth/token", self.login_host()))
            .expect("static host is valid")
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error returned when a string names no known [`Region`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown Genesys Cloud region `{0}` (expected a code like `us-east-1`, a domain like `mypurecloud.ie` or an API host)")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().trim_end_matches('/').to_ascii_lowercase();
        let wanted = wanted.strip_prefix("https://").unwrap_or(&wanted);
        let host = wanted.strip_prefix("api.").unwrap_or(wanted);
        let host = host.strip_prefix("login.").unwrap_or(host);
        Region::ALL
            .iter()
            .copied()
            .find(|r| r.code() == host || r.domain() == host)
            .ok_or_else(|| UnknownRegion(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_follow_the_api_login_rule() {
        for r in Region::ALL {
            assert_eq!(r.api_host(), format!("api.{}", r.domain()));
            assert_eq!(r.login_host(), format!("login.{}", r.domain()));
            assert_eq!(r.token_url().scheme(), "https");
            assert_eq!(r.code().parse::<Region>(), Ok(*r));
            assert_eq!(r.api_host().parse::<Region>(), Ok(*r));
            assert_eq!(r.domain().parse::<Region>(), Ok(*r));
        }
        assert_eq!(
            Region::EuWest1.token_url().as_str(),
            "https://login.mypurecloud.ie/oauth/token"
        );
        assert_eq!(
            Region::UsEast2.api_base_url().as_str(),
            "https://api.use2.us-gov-pure.cloud/"
        );
        assert!("mars-1".parse::<Region>().is_err());
    }

    #[test]
    fn codes_and_domains_are_unique() {
        let mut codes: Vec<_> = Region::ALL.iter().map(|r| r.code()).collect();
        let mut domains: Vec<_> = Region::ALL.iter().map(|r| r.domain()).collect();
        codes.sort_unstable();
        codes.dedup();
        domains.sort_unstable();
        domains.dedup();
        assert_eq!(codes.len(), Region::ALL.len());
        assert_eq!(domains.len(), Region::ALL.len());
    }
}
