package dev.ebpf4j.btf;

import dev.ebpf4j.binary.FormatException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Truncated and mutated .BTF and .BTF.ext, from clang and from our own encoder: decoding either
 * succeeds or throws {@link FormatException}; anything else (an index, arithmetic or allocation
 * failure, a hang) fails the property. What decodes is also dumped, re-encoded and sized, which
 * must not fail in any other way either.
 */
class BtfFuzzProperties {
    private static final long BASE = 4096;

    /** The seeds: clang's sections where clang-19 is installed, our encoding of every kind always. */
    private static List<byte[][]> seeds() {
        BtfEncoder.Sections ours = BtfEncoder.encode(BtfTest.everyKind(), new BtfExt(
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.FuncInfo(0, 20)))),
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.LineInfo(0, "a.c", "int x;", 1, 2)))),
                List.of(new BtfExt.Section<>("xdp", List.of(new BtfExt.CoreRelo(0, 1, "0:0", 0))))));
        java.util.ArrayList<byte[][]> seeds = new java.util.ArrayList<>();
        seeds.add(new byte[][] {ours.btf(), ours.btfExt()});
        try {
            for (String fixture : List.of("kinds", "maps", "funcs")) {
                ClangFixture f = ClangFixture.compile(fixture);
                seeds.add(new byte[][] {f.btf(), f.btfExt()});
            }
        } catch (org.opentest4j.TestAbortedException skipped) {
            // clang-19 is absent: fuzz our own encoding only.
        }
        return seeds;
    }

    private static List<byte[][]> seeds;

    private static synchronized List<byte[][]> cachedSeeds() {
        if (seeds == null) {
            seeds = seeds();
        }
        return seeds;
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Integer, Boolean, List<Tuple.Tuple2<Integer, Integer>>>> mutations() {
        Arbitrary<Tuple.Tuple2<Integer, Integer>> edit = Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.oneOf(Arbitraries.integers().between(-128, 255),
                        Arbitraries.of(0, 0xff, 0x7f, 0x80, 1, 2, 4, 8, 12, 16, 24, 31, 32)))
                .as(Tuple::of);
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.of(true, false),
                edit.list().ofMinSize(1).ofMaxSize(8)).as(Tuple::of);
    }

    @Property
    void mutatedSectionsDecodeOrFailWithFormatException(
            @ForAll("mutations") Tuple.Tuple3<Integer, Boolean, List<Tuple.Tuple2<Integer, Integer>>> mutation) {
        List<byte[][]> all = cachedSeeds();
        byte[][] seed = all.get(mutation.get1() % all.size());
        boolean ext = mutation.get2();
        byte[] target = (ext ? seed[1] : seed[0]).clone();
        for (Tuple.Tuple2<Integer, Integer> e : mutation.get3()) {
            target[e.get1() % target.length] = (byte) (int) e.get2();
        }
        exercise(ext ? seed[0] : target, ext ? target : seed[1]);
    }

    @Property
    void truncatedSectionsDecodeOrFailWithFormatException(@ForAll int seedIndex, @ForAll boolean ext, @ForAll int cut) {
        List<byte[][]> all = cachedSeeds();
        byte[][] seed = all.get(Math.floorMod(seedIndex, all.size()));
        byte[] whole = ext ? seed[1] : seed[0];
        byte[] truncated = java.util.Arrays.copyOf(whole, Math.floorMod(cut, whole.length));
        exercise(ext ? seed[0] : truncated, ext ? truncated : seed[1]);
    }

    private static void exercise(byte[] btfBytes, byte[] extBytes) {
        Btf btf;
        try {
            btf = BtfDecoder.decode(ByteBuffer.wrap(btfBytes), BASE);
        } catch (FormatException e) {
            if (e.offset() < BASE || e.offset() > BASE + btfBytes.length) {
                throw new AssertionError("offset outside the section: " + e.getMessage());
            }
            return;
        }
        BtfDump.dump(btf);
        for (int id = 1; id <= btf.typeCount(); id++) {
            try {
                btf.sizeOf(id);
                btf.alignOf(id);
            } catch (BtfException expected) {
                // Unsized kinds, void, sizes past 4 GiB, records nesting too deep: reported, not thrown otherwise.
            }
        }
        BtfExt ext;
        try {
            ext = BtfExtDecoder.decode(ByteBuffer.wrap(extBytes), 2 * BASE, ByteBuffer.wrap(btfBytes), BASE);
        } catch (FormatException e) {
            return;
        }
        BtfEncoder.Sections again = BtfEncoder.encode(btf, ext);
        if (!btf.equals(BtfDecoder.decode(again.btf())) || !ext.equals(BtfExtDecoder.decode(again.btfExt(), again.btf()))) {
            throw new AssertionError("what decodes must re-encode to the same model");
        }
    }
}
