package dev.ebpf4j.object;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfKind;
import dev.ebpf4j.btf.BtfType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Gives an object the BTF libbpf and the kernel need: a FUNC for every function, a struct and VAR
 * for every map in the {@code .maps} DATASEC, a VAR for every global in its section's DATASEC,
 * with sizes and offsets as the writer lays the sections out. Types the object already has are
 * kept; only what is missing or stale is added, so completing twice changes nothing.
 */
final class BtfCompletion {
    static final String MAPS = ".maps";
    static final String LICENSE = "license";
    private static final int MAP_ALIGNMENT = 8;

    private BtfCompletion() {}

    static BpfObject complete(BpfObject object) {
        Btf original = object.btf();
        Btf.Builder b = original.toBuilder();
        for (ProgramDefinition program : object.programs()) {
            if (original.findId(BtfKind.FUNC, program.name()).isEmpty()) {
                int intType = b.intern(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
                int voidPointer = b.intern(new BtfType.Ptr(0));
                int proto = b.intern(new BtfType.FuncProto(intType, List.of(new BtfType.Param("ctx", voidPointer))));
                b.add(new BtfType.Func(program.name(), proto,
                        program.isEntry() ? BtfType.FuncLinkage.GLOBAL : BtfType.FuncLinkage.STATIC));
            }
        }
        completeMaps(object, original, b);
        List<DataSection> sections = new ArrayList<>();
        for (DataSection section : object.dataSections()) {
            sections.add(completeSection(section, original, b));
        }
        OptionalInt license = original.findId(BtfKind.DATASEC, LICENSE);
        if (license.isPresent()) {
            BtfType.Datasec old = original.type(license.getAsInt(), BtfType.Datasec.class);
            long size = licenseBytes(object.license()).length;
            List<BtfType.VarSecinfo> vars = old.vars().stream().map(v -> new BtfType.VarSecinfo(v.type(), 0, size)).toList();
            b.set(license.getAsInt(), new BtfType.Datasec(LICENSE, size, vars));
        }
        // Labels are the builder's names for jump targets; an ELF file has no place for them.
        List<ProgramDefinition> programs = object.programs().stream().map(BtfCompletion::withoutLabels).toList();
        return new BpfObject(object.license(), object.kernelVersion(), programs, object.maps(), sections, b.build());
    }

    private static ProgramDefinition withoutLabels(ProgramDefinition p) {
        if (p.code().labels().isEmpty()) {
            return p;
        }
        var code = new dev.ebpf4j.asm.Code(p.code().instructions(), Map.of(), p.code().references(), p.code().lines());
        return new ProgramDefinition(p.name(), p.section(), p.kind(), p.role(), code);
    }

    static byte[] licenseBytes(String license) {
        if (license.isEmpty()) {
            return new byte[0];
        }
        byte[] text = license.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(text, text.length + 1);
    }

    private static void completeMaps(BpfObject object, Btf original, Btf.Builder b) {
        OptionalInt datasecId = original.findId(BtfKind.DATASEC, MAPS);
        Map<String, Integer> existing = varsOf(original, datasecId);
        List<BtfType.VarSecinfo> vars = new ArrayList<>();
        long offset = 0;
        for (MapDefinition map : object.maps()) {
            if (map.keyTypeId() != 0 && original.sizeOf(map.keyTypeId()) != map.keySize()
                    || map.valueTypeId() != 0 && !map.type().hasNoValueSize() && original.sizeOf(map.valueTypeId()) != map.valueSize()) {
                throw new IllegalArgumentException("map " + map.name() + ": key or value size disagrees with its BTF type");
            }
            Integer varId = existing.get(map.name());
            if (varId == null || !declares(original, varId, map)) {
                int struct = MapStructs.build(b, map);
                BtfType.Var var = new BtfType.Var(map.name(), struct, BtfType.VarLinkage.GLOBAL);
                if (varId == null) {
                    varId = b.add(var);
                } else {
                    b.set(varId, var);
                }
            }
            long size = b.sizeOf(varId);
            offset = align(offset, MAP_ALIGNMENT);
            vars.add(new BtfType.VarSecinfo(varId, offset, size));
            offset += size;
        }
        if (!vars.isEmpty() || datasecId.isPresent()) {
            put(b, datasecId, new BtfType.Datasec(MAPS, offset, vars));
        }
    }

    private static boolean declares(Btf btf, int varId, MapDefinition map) {
        try {
            BtfType.Var var = btf.type(varId, BtfType.Var.class);
            return MapStructs.parse(btf, map.name(), var.type()).equals(map);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DataSection completeSection(DataSection section, Btf original, Btf.Builder b) {
        OptionalInt datasecId = original.findId(BtfKind.DATASEC, section.name());
        if (section.variables().isEmpty() && datasecId.isEmpty()) {
            return section;
        }
        Map<String, Integer> existing = varsOf(original, datasecId);
        List<DataSection.Variable> variables = new ArrayList<>();
        List<BtfType.VarSecinfo> vars = new ArrayList<>();
        for (DataSection.Variable v : section.variables()) {
            int typeId = v.typeId();
            if (typeId == 0) {
                int byteType = b.intern(new BtfType.Int("unsigned char", 1, BtfType.IntEncoding.NONE, 0, 8));
                typeId = b.intern(new BtfType.Array(byteType, MapStructs.arraySizeType(b), v.size()));
            }
            Integer varId = existing.get(v.name());
            if (varId == null || original.type(varId, BtfType.Var.class).type() != typeId) {
                varId = b.add(new BtfType.Var(v.name(), typeId, BtfType.VarLinkage.GLOBAL));
            }
            variables.add(new DataSection.Variable(v.name(), v.offset(), v.size(), typeId));
            vars.add(new BtfType.VarSecinfo(varId, v.offset(), v.size()));
        }
        put(b, datasecId, new BtfType.Datasec(section.name(), section.size(), vars));
        return new DataSection(section.name(), section.size(), section.contents(), variables);
    }

    private static Map<String, Integer> varsOf(Btf btf, OptionalInt datasecId) {
        Map<String, Integer> vars = new HashMap<>();
        if (datasecId.isPresent()) {
            for (BtfType.VarSecinfo info : btf.type(datasecId.getAsInt(), BtfType.Datasec.class).vars()) {
                if (info.type() != 0 && btf.type(info.type()) instanceof BtfType.Var var) {
                    vars.putIfAbsent(var.name(), info.type());
                }
            }
        }
        return vars;
    }

    private static void put(Btf.Builder b, OptionalInt id, BtfType type) {
        if (id.isPresent()) {
            b.set(id.getAsInt(), type);
        } else {
            b.add(type);
        }
    }

    static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
