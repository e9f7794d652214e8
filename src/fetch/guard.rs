//! Which addresses the fetcher may reach: public unicast only, unless `POSITIONS_FETCH_ALLOW`
//! names the host, the address or a network holding it. Pure: the resolver and the redirect loop
//! in `fetch` ask it about every address they are about to connect to.

use std::net::IpAddr;

use ipnet::IpNet;

/// Hosts and networks a deployment lets the fetcher reach although they are not public.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allow {
    hosts: Vec<String>,
    nets: Vec<IpNet>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "POSITIONS_FETCH_ALLOW: `{0}` is not a host name, an IP address or a CIDR (e.g. 10.0.0.0/8)"
)]
pub struct BadAllow(pub String);

impl Allow {
    /// Reads a comma list of host names, IP addresses and CIDRs; blanks are skipped.
    pub fn parse(list: &str) -> Result<Allow, BadAllow> {
        let mut allow = Allow::default();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if let Ok(net) = item.parse::<IpNet>() {
                allow.nets.push(net);
            } else if let Ok(ip) = item.trim_matches(['[', ']']).parse::<IpAddr>() {
                allow.nets.push(IpNet::from(ip));
            } else if item
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                allow
                    .hosts
                    .push(item.trim_end_matches('.').to_ascii_lowercase());
            } else {
                return Err(BadAllow(item.to_string()));
            }
        }
        Ok(allow)
    }

    /// The host name is allowed whatever it resolves to.
    pub fn host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// The address may be reached: it is public, or inside an allowed network.
    pub fn address(&self, ip: IpAddr) -> bool {
        is_public(ip) || self.nets.iter().any(|n| n.contains(&ip))
    }
}

/// A public unicast address: not loopback, private, link-local (169.254.169.254, the cloud
/// metadata address, is one), shared (100.64/10), multicast, broadcast, documentation or
/// unspecified; IPv4 inside IPv6 (::ffff:a.b.c.d, NAT64) is judged as the IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_unspecified()
                || a == 0
                || a >= 240
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || (a == 198 && (b == 18 || b == 19)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            if seg[0] == 0x64 && seg[1] == 0xff9b {
                let o = v6.octets();
                return is_public(IpAddr::V4([o[12], o[13], o[14], o[15]].into()));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || (seg[0] & 0xffc0) == 0xfec0
                || seg[0] == 0x2001 && seg[1] == 0x0db8
                || seg.iter().take(6).all(|&s| s == 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn inside_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "127.8.9.10",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip(a)), "{a} counted as public");
        }
        for a in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(a)), "{a} counted as inside");
        }
    }

    #[test]
    fn the_allow_list_takes_hosts_addresses_and_networks() {
        let allow = Allow::parse(" intranet.example , 127.0.0.1, 10.1.0.0/16,[::1],").unwrap();
        assert!(allow.host("Intranet.Example."));
        assert!(!allow.host("example"));
        assert!(allow.address(ip("127.0.0.1")));
        assert!(!allow.address(ip("127.0.0.2")));
        assert!(allow.address(ip("10.1.200.3")));
        assert!(!allow.address(ip("10.2.0.1")));
        assert!(allow.address(ip("::1")));
        assert!(!allow.address(ip("169.254.169.254")));
        assert_eq!(Allow::parse("").unwrap(), Allow::default());
        assert!(Allow::parse("http://x/").is_err());
    }
}
