package dev.ebpf4j.junit;

import dev.ebpf4j.program.net.Ipv6;
import dev.ebpf4j.program.net.Tcp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for network frames, built with {@link dev.ebpf4j.program.net.FrameBuilder}: TCP
 * (every flag combination, real options: MSS, window scale, SACK permitted, timestamps, NOPs) and UDP,
 * over IPv4 (options, fragments) and IPv6 (hop-by-hop, routing, fragment, authentication and
 * destination options headers), with up to two VLAN tags, addresses of either family, and
 * truncations. Each gives a {@link FrameSpec}, the truth about the frame beside its bytes.
 *
 * <pre>{@code
 * @Property
 * void neverCrashes(@ForAll("frames") FrameSpec frame) {
 *     PortFilter.filter(XdpContext.of(frame.bytes()));
 * }
 *
 * @Provide
 * Arbitrary<FrameSpec> frames() {
 *     return FrameArbitraries.frames().injectTruncations(0.1);   // or FrameArbitraries.tcp(), .udp()
 * }
 * }</pre>
 */
public final class FrameArbitraries {
    private static final List<Integer> EXTENSION_HEADERS =
            List.of(Ipv6.HOP_BY_HOP, Ipv6.DESTINATION_OPTIONS, Ipv6.ROUTING, Ipv6.FRAGMENT, Ipv6.AUTHENTICATION);

    private FrameArbitraries() {}

    /** TCP and UDP frames, whole. */
    public static FrameArbitrary frames() {
        return new FrameArbitrary(Arbitraries.oneOf(specs(false), specs(true)));
    }

    /** TCP frames, whole. */
    public static FrameArbitrary tcp() {
        return new FrameArbitrary(specs(false));
    }

    /** UDP frames, whole. */
    public static FrameArbitrary udp() {
        return new FrameArbitrary(specs(true));
    }

    /** TCP options as a sender writes them: MSS, window scale, SACK permitted, timestamps and NOPs, at most 40 bytes. */
    public static Arbitrary<byte[]> tcpOptions() {
        Arbitrary<byte[]> option = Arbitraries.oneOf(
                Arbitraries.integers().between(536, 65495).map(mss -> new byte[] {Tcp.OPTION_MSS, 4, (byte) (mss >> 8), (byte) mss.intValue()}),
                Arbitraries.integers().between(0, 14).map(shift -> new byte[] {Tcp.OPTION_WINDOW_SCALE, 3, shift.byteValue()}),
                Arbitraries.just(new byte[] {Tcp.OPTION_SACK_PERMITTED, 2}),
                Arbitraries.integers().map(value -> new byte[] {Tcp.OPTION_TIMESTAMPS, 10, (byte) (value >> 24), (byte) (value >> 16),
                        (byte) (value >> 8), value.byteValue(), 0, 0, 0, 1}),
                Arbitraries.just(new byte[] {Tcp.OPTION_NOP}));
        return option.list().ofMaxSize(6).map(options -> {
            byte[] all = new byte[options.stream().mapToInt(o -> o.length).sum()];
            int at = 0;
            for (byte[] o : options) {
                System.arraycopy(o, 0, all, at, o.length);
                at += o.length;
            }
            return all;
        }).filter(all -> all.length <= 40);
    }

    private static Arbitrary<FrameSpec> specs(boolean udp) {
        Arbitrary<Boolean> ipv6 = Arbitraries.of(false, true);
        return ipv6.flatMap(v6 -> {
            Arbitrary<InetAddress[]> addresses = v6 ? ipv6Addresses() : ipv4Addresses();
            Arbitrary<List<Integer>> extensions = v6 ? extensionHeaders() : Arbitraries.just(List.of());
            Arbitrary<Integer> optionWords = v6 ? Arbitraries.just(0) : Arbitraries.integers().between(0, 10);
            // Mostly whole datagrams; now and then a later fragment, which has no transport header.
            Arbitrary<Integer> fragment = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(5, Arbitraries.just(0)), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 8191)));
            Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
            Arbitrary<Integer> flags = udp ? Arbitraries.just(0) : Arbitraries.integers().between(0, 255);
            Arbitrary<byte[]> options = udp ? Arbitraries.just(new byte[0]) : tcpOptions();
            return Combinators.combine(Arbitraries.integers().between(0, 2), addresses, ports, ports, flags, options, optionWords,
                    Combinators.combine(fragment, extensions, Arbitraries.integers().between(0, 128)).as(Layout::new))
                    .as((tags, pair, source, destination, f, o, words, layout) -> {
                        // An IPv6 frame has a fragment offset only in a fragment header.
                        int offset = v6 && !layout.extensions().contains(Ipv6.FRAGMENT) ? 0 : layout.fragment();
                        FrameSpec whole = new FrameSpec(udp, tags, pair[0], pair[1], source, destination, f, o, words, offset,
                                layout.extensions(), layout.payload(), Integer.MAX_VALUE);
                        return withLength(whole, whole.fullLength());
                    });
        });
    }

    /** Some of the extension headers, each at most once, in the order RFC 8200 (4.1) recommends. */
    private static Arbitrary<List<Integer>> extensionHeaders() {
        return Arbitraries.of(false, false, true).list().ofSize(EXTENSION_HEADERS.size()).map(chosen -> {
            List<Integer> headers = new java.util.ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) if (chosen.get(i)) headers.add(EXTENSION_HEADERS.get(i));
            return List.copyOf(headers);
        });
    }

    private record Layout(int fragment, List<Integer> extensions, int payload) {}

    static FrameSpec withLength(FrameSpec spec, int length) {
        return new FrameSpec(spec.udp(), spec.vlanTags(), spec.source(), spec.destination(), spec.sourcePort(), spec.destinationPort(),
                spec.tcpFlags(), spec.tcpOptions(), spec.ipv4OptionWords(), spec.fragmentOffset(), spec.extensionHeaders(), spec.payload(), length);
    }

    private static Arbitrary<InetAddress[]> ipv4Addresses() {
        Arbitrary<byte[]> address = Arbitraries.bytes().array(byte[].class).ofSize(4);
        return Combinators.combine(address, address).as((a, b) -> new InetAddress[] {address(a), address(b)});
    }

    private static Arbitrary<InetAddress[]> ipv6Addresses() {
        // Not IPv4-mapped (::ffff:a.b.c.d), which Java turns into an IPv4 address.
        Arbitrary<byte[]> address = Arbitraries.bytes().array(byte[].class).ofSize(16).filter(bytes -> bytes[0] != 0);
        return Combinators.combine(address, address).as((a, b) -> new InetAddress[] {address(a), address(b)});
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a wrong length
        }
    }
}
