package dev.transferguard.internal.hosts;

import com.google.common.collect.ImmutableRangeMap;
import com.google.common.collect.Range;
import com.google.common.collect.RangeMap;
import com.google.common.collect.TreeRangeMap;
import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import com.ibm.icu.text.IDNA;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host patterns and their jurisdictions, looked up exact host first, then the longest wildcard domain, then the
 * narrowest CIDR range; at each step a pattern with the port before one without.
 *
 * <p>Names are compared in their ASCII form (UTS #46 IDNA, so {@code bücher.example} and
 * {@code xn--bcher-kva.example} are one host), lower case, without a trailing dot; addresses in their canonical
 * text ({@code [2001:db8::1]}, an IPv4-mapped IPv6 address as its IPv4 address), so two spellings of one
 * address are one key.
 */
public final class HostTable {

    private static final Logger LOG = LoggerFactory.getLogger(HostTable.class);

    /**
     * Registrable domains of clouds whose hosts sit in many regions: a wildcard over one of them says that all of
     * that cloud is in one jurisdiction, which is rarely what was meant (map the regional domains instead).
     */
    private static final Set<String> MULTI_REGION_CLOUDS = Set.of(
            "amazonaws.com", "amazonaws.com.cn", "cloudfront.net", "awsapps.com", "aws.dev", "on.aws",
            "azure.com", "azure.net", "azurewebsites.net", "azureedge.net", "azurefd.net", "windows.net",
            "cloudapp.net", "cloudapp.azure.com", "microsoft.com", "office.com", "office365.com",
            "googleapis.com", "googleusercontent.com", "appspot.com", "cloudfunctions.net", "run.app", "web.app",
            "firebaseio.com", "gcr.io", "pkg.dev", "oraclecloud.com", "aliyuncs.com", "myqcloud.com",
            "akamaiedge.net", "akamaized.net", "fastly.net", "cloudflare.com", "workers.dev", "herokuapp.com",
            "digitaloceanspaces.com", "salesforce.com", "force.com");

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ);

    private final Map<String, String> names;
    private final RangeMap<BigInteger, String> v4;
    private final RangeMap<BigInteger, String> v6;
    private final boolean ports;
    /**
     * Answers already given, by the host as it was asked (and its port, where some pattern names one), with
     * {@link #UNMAPPED} for none: reading a host (UTS #46, then the address or name checks) costs far more than
     * the lookup, and a service sends to few hosts. Bounded: when full it starts again empty, so that hosts
     * named by whoever supplies the URLs cost work, never memory.
     */
    private final ConcurrentHashMap<String, String> answers = new ConcurrentHashMap<>();

    /** Answers kept at most. */
    static final int REMEMBERED = 1024;
    /** The kept answer for a host no pattern maps (jurisdictions are two letters, never empty). */
    private static final String UNMAPPED = "";

    private HostTable(Map<String, String> names, RangeMap<BigInteger, String> v4, RangeMap<BigInteger, String> v6) {
        this.names = Map.copyOf(names);
        this.v4 = v4;
        this.v6 = v6;
        this.ports = names.keySet().stream().anyMatch(k -> k.lastIndexOf(':') > k.lastIndexOf(']'));
    }

    /**
     * The jurisdiction of a host.
     *
     * @param host a host name (ASCII or Unicode) or address (IPv6 with or without brackets)
     * @param port the port, or {@code -1}
     * @return the code, or {@code null} when no pattern matches or the host is not a host name or address
     */
    public String lookup(String host, int port) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String key = ports ? host + '\u0000' + port : host;
        String known = answers.get(key);
        if (known == null) {
            known = Objects.requireNonNullElse(resolve(host, port), UNMAPPED);
            if (answers.size() >= REMEMBERED) {
                answers.clear();
            }
            answers.put(key, known);
        }
        return known.isEmpty() ? null : known;
    }

    private String resolve(String host, int port) {
        Host h;
        try {
            h = Host.parse(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String suffix = ports && port >= 0 ? ":" + port : null;
        String found = get(h.key(), suffix);
        if (found != null) {
            return found;
        }
        if (h.address() != null) {
            return (h.address() instanceof Inet4Address ? v4 : v6).get(new BigInteger(1, h.address().getAddress()));
        }
        String name = h.key();
        for (int dot = name.indexOf('.'); found == null && dot >= 0; dot = name.indexOf('.', dot + 1)) {
            found = get("*" + name.substring(dot), suffix);
        }
        return found;
    }

    private String get(String key, String portSuffix) {
        String found = portSuffix == null ? null : names.get(key + portSuffix);
        return found != null ? found : names.get(key);
    }

    /** Whether the table has no patterns. */
    public boolean isEmpty() {
        return names.isEmpty() && v4.asMapOfRanges().isEmpty() && v6.asMapOfRanges().isEmpty();
    }

    @Override
    public String toString() {
        return "HostTable{" + names + ", " + v4 + ", " + v6 + "}";
    }

    /** A host read from a pattern or a URL: its key, and its address when it is one. */
    private record Host(String key, InetAddress address) {

        static Host parse(String text) {
            String h = text.strip();
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (InetAddresses.isInetAddress(h)) {
                InetAddress a = InetAddresses.forString(h);
                String canonical = InetAddresses.toAddrString(a);
                return new Host(a instanceof Inet6Address ? "[" + canonical + "]" : canonical, a);
            }
            if (h.endsWith(".")) {
                h = h.substring(0, h.length() - 1);
            }
            StringBuilder ascii = new StringBuilder();
            IDNA.Info info = new IDNA.Info();
            UTS46.nameToASCII(h, ascii, info);
            String name = ascii.toString().toLowerCase(Locale.ROOT);
            if (info.hasErrors() || !InternetDomainName.isValid(name)) {
                throw new IllegalArgumentException("'" + text + "' is not a host name or address");
            }
            return new Host(name, null);
        }
    }

    /** Collects patterns; {@link #build()} ends. */
    public static final class Builder {
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, Cidr> cidrs = new HashMap<>();

        /**
         * Adds a pattern: a host or address, {@code *.} and a domain, either with an optional {@code :port}, or
         * a CIDR range {@code address/prefix}.
         *
         * @param pattern      the pattern
         * @param jurisdiction the code, already checked
         * @throws IllegalArgumentException when the pattern is malformed, a wildcard covers a public suffix, or
         *                                  the pattern is already mapped to another jurisdiction
         */
        public void add(String pattern, String jurisdiction) {
            String p = Objects.requireNonNull(pattern, "pattern").strip();
            if (p.indexOf('/') >= 0) {
                Cidr c = Cidr.parse(p, jurisdiction);
                Cidr before = cidrs.putIfAbsent(c.key(), c);
                if (before != null && !before.jurisdiction().equals(jurisdiction)) {
                    throw conflict(pattern, before.jurisdiction(), jurisdiction);
                }
                return;
            }
            String key = nameKey(p, pattern);
            String before = names.putIfAbsent(key, jurisdiction);
            if (before != null && !before.equals(jurisdiction)) {
                throw conflict(pattern, before, jurisdiction);
            }
        }

        private static IllegalArgumentException conflict(String pattern, String a, String b) {
            return new IllegalArgumentException("host pattern '" + pattern + "' is mapped to both " + a + " and " + b);
        }

        private static String nameKey(String p, String pattern) {
            boolean wildcard = p.startsWith("*.");
            HostAndPort hp;
            try {
                hp = HostAndPort.fromString(wildcard ? p.substring(2) : p);
            } catch (IllegalArgumentException e) {
                throw malformed(pattern, "malformed host or port");
            }
            String port = hp.hasPort() ? ":" + hp.getPort() : "";
            Host host;
            try {
                host = Host.parse(hp.getHost());
            } catch (IllegalArgumentException e) {
                throw malformed(pattern, "expected a host, or *. and a domain, optionally with :port");
            }
            if (!wildcard) {
                return host.key() + port;
            }
            if (host.address() != null) {
                throw malformed(pattern, "a wildcard takes a domain; write an address range as address/prefix");
            }
            InternetDomainName domain = InternetDomainName.from(host.key());
            if (domain.isRegistrySuffix()) {
                throw new IllegalArgumentException("host pattern '" + pattern + "' covers every domain under the "
                        + "public suffix '" + host.key() + "', registered by anyone anywhere; map the domains "
                        + "themselves (*.example." + host.key() + ")");
            }
            if (MULTI_REGION_CLOUDS.contains(host.key())) {
                LOG.warn("host pattern '{}' maps every host of {}, a cloud with regions in many jurisdictions, to "
                        + "one jurisdiction; map the regional domains or the hosts you use instead", pattern,
                        host.key());
            } else if (domain.isPublicSuffix()) {
                LOG.warn("host pattern '{}' maps every host that anyone creates under {}, a suffix on which a "
                        + "provider lets its customers register names, to one jurisdiction; map the hosts you use "
                        + "instead", pattern, host.key());
            }
            return "*." + host.key() + port;
        }

        private static IllegalArgumentException malformed(String pattern, String why) {
            return new IllegalArgumentException("malformed host pattern '" + pattern + "': " + why);
        }

        /**
         * Builds the table: ranges put widest first, so that a narrower range inside a wider one takes its part.
         *
         * @return the table
         */
        public HostTable build() {
            TreeRangeMap<BigInteger, String> v4 = TreeRangeMap.create();
            TreeRangeMap<BigInteger, String> v6 = TreeRangeMap.create();
            List<Cidr> ordered = new ArrayList<>(cidrs.values());
            ordered.sort(Comparator.comparingInt(Cidr::prefix));
            for (Cidr c : ordered) {
                (c.v4() ? v4 : v6).put(c.range(), c.jurisdiction());
            }
            return new HostTable(names, ImmutableRangeMap.copyOf(v4), ImmutableRangeMap.copyOf(v6));
        }
    }

    /** One CIDR range: its first address, its prefix length, its jurisdiction. */
    private record Cidr(InetAddress network, int prefix, String jurisdiction) {

        static Cidr parse(String p, String jurisdiction) {
            int slash = p.indexOf('/');
            String address = p.substring(0, slash);
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            if (!InetAddresses.isInetAddress(address) || !p.substring(slash + 1).matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("malformed host pattern '" + p + "': a range is an IPv4 or "
                        + "IPv6 address, '/' and a prefix length, such as 10.1.0.0/16 or 2001:db8::/32");
            }
            InetAddress a = InetAddresses.forString(address);
            int bits = a.getAddress().length * 8;
            int prefix = Integer.parseInt(p.substring(slash + 1));
            if (prefix > bits) {
                throw new IllegalArgumentException("malformed host pattern '" + p + "': the prefix length is at most "
                        + bits);
            }
            BigInteger first = new BigInteger(1, a.getAddress());
            if (!first.shiftRight(bits - prefix).shiftLeft(bits - prefix).equals(first)) {
                throw new IllegalArgumentException("host pattern '" + p + "' has bits set after its first " + prefix
                        + ": did you mean " + network(first.shiftRight(bits - prefix).shiftLeft(bits - prefix), bits)
                        + "/" + prefix + "?");
            }
            return new Cidr(a, prefix, jurisdiction);
        }

        private static String network(BigInteger value, int bits) {
            byte[] raw = value.toByteArray();
            byte[] bytes = new byte[bits / 8];
            int copy = Math.min(raw.length, bytes.length);
            System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
            try {
                return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
            }
        }

        boolean v4() {
            return network instanceof Inet4Address;
        }

        String key() {
            return InetAddresses.toAddrString(network) + "/" + prefix;
        }

        Range<BigInteger> range() {
            int bits = network.getAddress().length * 8;
            BigInteger first = new BigInteger(1, network.getAddress());
            return Range.closed(first, first.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE));
        }
    }
}
