//! Which address a request comes from, behind reverse proxies or not.
//!
//! Sign-in limits per client address are only as good as the address.
//! `X-Forwarded-For` is believed only when the connection comes from a proxy
//! listed in `LANTERN_TRUSTED_PROXIES` (CIDRs, comma-separated; empty by
//! default), and then only as far as the chain of trusted proxies reaches:
//! the client is the right-most address that is not one of them. Anything a
//! client writes into the header itself sits further left and is ignored,
//! so one attacker cannot pose as many addresses — nor as everyone's.

use std::net::IpAddr;

/// An address block such as `10.0.0.0/8` or `::1/128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an address block such as 10.0.0.0/8 or 127.0.0.1")]
pub struct CidrError(pub String);

impl std::str::FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let bad = || CidrError(text.to_string());
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text.trim(), None),
        };
        let network: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Cidr { network, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.network), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => same_prefix(&n.octets(), &a.octets(), self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => same_prefix(&n.octets(), &a.octets(), self.prefix),
            _ => false,
        }
    }
}

/// IPv4 addresses that arrive mapped into IPv6 (`::ffff:a.b.c.d`) compare as
/// IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let full = usize::from(prefix / 8);
    let rest = prefix % 8;
    if a[..full] != b[..full] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[full] & mask == b[full] & mask
}

/// Parses `LANTERN_TRUSTED_PROXIES`.
pub fn parse_list(text: &str) -> Result<Vec<Cidr>, CidrError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect()
}

/// The client's address: the peer itself, unless the peer is a trusted
/// proxy, in which case the right-most `X-Forwarded-For` entry that is not
/// a trusted proxy (an unparsable entry stops the walk at the last trusted
/// hop, which is then what counts).
pub fn client_ip<'h>(
    peer: IpAddr,
    forwarded_for: impl DoubleEndedIterator<Item = &'h str>,
    trusted: &[Cidr],
) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let mut client = canonical(peer);
    if !is_trusted(client) {
        return client;
    }
    let hops = forwarded_for.rev().flat_map(|h| h.rsplit(','));
    for hop in hops {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else {
            break;
        };
        client = canonical(ip);
        if !is_trusted(client) {
            break;
        }
    }
    client
}

/// The key a client is counted under: an IPv4 address, or the /64 network
/// of an IPv6 one (a single host can hold a whole /64).
pub fn client_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map_or_else(String::new, |v4| v4.to_string()),
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.chars().take(64).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_contain_what_they_should() {
        let ten: Cidr = "10.0.0.0/8".parse().unwrap();
        assert!(ten.contains(ip("10.200.1.1")));
        assert!(!ten.contains(ip("11.0.0.1")));
        assert!(ten.contains(ip("::ffff:10.1.2.3")));
        let odd: Cidr = "192.168.4.0/22".parse().unwrap();
        assert!(odd.contains(ip("192.168.7.255")));
        assert!(!odd.contains(ip("192.168.8.0")));
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6: Cidr = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(!v6.contains(ip("10.0.0.1")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "ten", "10.0.0.0/x", "::1/129"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
        assert_eq!(parse_list(" 10.0.0.0/8, ::1 ,").unwrap().len(), 2);
        assert!(parse_list("10.0.0.0/8,nope").is_err());
        assert!(parse_list("").unwrap().is_empty());
    }

    #[test]
    fn forwarded_for_counts_only_from_trusted_proxies() {
        let trusted = parse_list("10.0.0.0/8").unwrap();
        let header = ["203.0.113.9"];
        // Nobody trusted: the header is ignored.
        assert_eq!(
            client_ip(ip("10.0.0.2"), header.into_iter(), &[]),
            ip("10.0.0.2")
        );
        // A direct client writing the header gains nothing.
        assert_eq!(
            client_ip(ip("198.51.100.7"), header.into_iter(), &trusted),
            ip("198.51.100.7")
        );
        // Through the proxy: the address the proxy saw.
        assert_eq!(
            client_ip(ip("10.0.0.2"), header.into_iter(), &trusted),
            ip("203.0.113.9")
        );
        // A forged left part stays ignored; chained trusted hops are walked.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                ["1.1.1.1, 203.0.113.9", "10.0.0.5"].into_iter(),
                &trusted
            ),
            ip("203.0.113.9")
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            client_ip(ip("10.0.0.2"), ["nonsense"].into_iter(), &trusted),
            ip("10.0.0.2")
        );
        // No header through a proxy: the proxy.
        assert_eq!(
            client_ip(ip("10.0.0.2"), std::iter::empty(), &trusted),
            ip("10.0.0.2")
        );
    }
}
