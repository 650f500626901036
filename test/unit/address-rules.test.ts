import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/notify/address-rules.ts";

/** Each host as WHATWG URL writes it, so the table covers what a webhook URL can really carry. */
const hostOf = (url: string): string => new URL(url).hostname;

describe("webhook address rules", () => {
  it.each([
    ["IPv4 loopback", "127.0.0.1"],
    ["private 10/8", "10.1.2.3"],
    ["private 172.16/12", "172.31.255.255"],
    ["private 192.168/16", "192.168.1.1"],
    ["cloud metadata", "169.254.169.254"],
    ["carrier-grade NAT", "100.64.0.1"],
    ["this network", "0.0.0.0"],
    ["benchmarking 198.18/15", "198.19.0.1"],
    ["IETF protocol assignments", "192.0.0.8"],
    ["documentation", "203.0.113.7"],
    ["multicast", "224.0.0.1"],
    ["broadcast", "255.255.255.255"],
    ["IPv6 loopback", "::1"],
    ["IPv6 unspecified", "::"],
    ["link-local", "fe80::1"],
    ["unique local", "fd00::1"],
    ["IPv6 multicast", "ff02::1"],
    ["mapped loopback, dotted", "::ffff:127.0.0.1"],
    ["mapped loopback as URL writes it", hostOf("http://[::ffff:127.0.0.1]/")],
    ["mapped metadata as URL writes it", hostOf("http://[::ffff:169.254.169.254]/")],
    ["IPv4-compatible ::a.b.c.d", hostOf("http://[::127.0.0.1]/")],
    ["NAT64 of metadata", hostOf("http://[64:ff9b::169.254.169.254]/")],
    ["6to4", "2002:7f00:1::1"],
    ["Teredo", "2001:0:4136:e378::1"],
    ["IPv6 documentation", "2001:db8::1"],
    ["bracketed", "[::1]"],
    ["zone index", "fe80::1%eth0"],
    ["decimal IPv4 as URL writes it", hostOf("http://2130706433/")],
    ["not an address", "localhost"],
  ])("refuses %s (%s)", (_name, address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    ["public IPv4", "8.8.8.8"],
    ["just outside 172.16/12", "172.32.0.1"],
    ["just outside 198.18/15", "198.20.0.1"],
    ["public IPv6", "2606:4700::1111"],
    ["mapped public IPv4", hostOf("http://[::ffff:8.8.8.8]/")],
  ])("allows %s (%s)", (_name, address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});
