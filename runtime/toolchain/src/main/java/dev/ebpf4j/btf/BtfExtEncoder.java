package dev.ebpf4j.btf;

import java.util.List;
import java.util.function.BiConsumer;

/** Writes .BTF.ext with the full 32-byte header and clang's record sizes (8, 16, 16). */
final class BtfExtEncoder {
    private BtfExtEncoder() {}

    static byte[] encode(BtfExt ext, StringTable strings) {
        byte[] funcs = block(ext.funcInfos(), BtfFormat.FUNC_INFO.byteSize(), strings,
                (f, out) -> out.u32(f.insnOffset()).u32(f.typeId()));
        byte[] lines = block(ext.lineInfos(), BtfFormat.LINE_INFO.byteSize(), strings,
                (l, out) -> out.u32(l.insnOffset()).u32(strings.add(l.fileName())).u32(strings.add(l.lineText()))
                        .u32(Integer.toUnsignedLong(l.lineCol())));
        byte[] relos = block(ext.coreRelos(), BtfFormat.CORE_RELO.byteSize(), strings,
                (r, out) -> out.u32(r.insnOffset()).u32(r.typeId()).u32(strings.add(r.accessString())).u32(r.kind()));
        ByteSink out = new ByteSink();
        out.u16(BtfFormat.MAGIC).u8(BtfFormat.VERSION).u8(0).u32(BtfFormat.EXT_HEADER.byteSize());
        out.u32(0).u32(funcs.length);
        out.u32(funcs.length).u32(lines.length);
        out.u32(funcs.length + lines.length).u32(relos.length);
        return out.bytes(funcs).bytes(lines).bytes(relos).toByteArray();
    }

    private static <T> byte[] block(List<BtfExt.Section<T>> sections, long recordSize, StringTable strings,
                                    BiConsumer<T, ByteSink> writer) {
        ByteSink out = new ByteSink();
        if (sections.isEmpty()) {
            return out.toByteArray();
        }
        out.u32(recordSize);
        for (BtfExt.Section<T> section : sections) {
            out.u32(strings.add(section.name())).u32(section.records().size());
            for (T record : section.records()) {
                writer.accept(record, out);
            }
        }
        return out.toByteArray();
    }
}
