package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.asm.Code;
import dev.ebpf4j.object.BpfObject;
import dev.ebpf4j.object.MapDefinition;
import dev.ebpf4j.object.ObjectWriter;
import dev.ebpf4j.object.ProgramDefinition;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.passes.ExpressionSplitter;
import dev.ebpf4j.types.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The eBPF back end: a program unit to a standard object. Each entry function goes to its hook's
 * section, subprograms to {@code .text}; maps are BTF-defined with their key and value types;
 * every statement's first instruction carries its Java line in the line info.
 *
 * <pre>{@code
 * BpfObject object = BpfCompiler.compile(unit);      // to load: ObjectLoader.load(object, LoadOptions.defaults())
 * byte[] elf = BpfCompiler.write(unit);             // Counter.bpf.o
 * }</pre>
 */
public final class BpfCompiler {
    private BpfCompiler() {
    }

    /** The ELF object for {@code unit}: code, maps, BTF, line info. */
    public static byte[] write(ProgramUnit unit) {
        return ObjectWriter.write(compile(unit));
    }

    /**
     * The object for {@code unit}.
     *
     * @throws CompileException naming the Java source position where the program cannot be compiled
     *     (a frame beyond 512 bytes, more than five parameters, ...)
     */
    public static BpfObject compile(ProgramUnit unit) {
        BtfTypes btf = new BtfTypes();
        for (StructType s : unit.structs()) btf.struct(s);
        List<MapDefinition> maps = new ArrayList<>();
        for (MapDecl map : unit.maps()) maps.add(map(map, btf));
        List<ProgramDefinition> programs = new ArrayList<>();
        java.util.Map<String, Integer> stackDepths = new java.util.HashMap<>();
        for (Function f : unit.functions()) {
            btf.function(f);
            FunctionCompiler.Compiled compiled = FunctionCompiler.compileFunction(unit, ExpressionSplitter.split(f));
            Code code = compiled.code();
            stackDepths.put(f.name(), compiled.stackDepth());
            programs.add(f.entry() ? ProgramDefinition.entry(f.name(), f.hook().section(), code)
                    : ProgramDefinition.subprogram(f.name(), code));
        }
        CallChains.check(unit, stackDepths);
        for (var hook : TcpOptionEmitter.hooksUsingOptions(unit)) {
            btf.globalFunction(TcpOptionEmitter.functionName(hook), TcpOptionEmitter.contextStruct(hook), List.of("offset", "wanted"));
            programs.add(ProgramDefinition.subprogram(TcpOptionEmitter.functionName(hook), TcpOptionEmitter.function(hook)));
        }
        return new BpfObject(unit.license(), 0, programs, maps, GlobalSections.of(unit.globals(), btf), btf.build());
    }

    private static MapDefinition map(MapDecl map, BtfTypes btf) {
        MapType type = switch (map.kind()) {
            case HASH -> MapType.HASH;
            case LRU_HASH -> MapType.LRU_HASH;
            case ARRAY -> MapType.ARRAY;
            case PERCPU_HASH -> MapType.PERCPU_HASH;
            case PERCPU_ARRAY -> MapType.PERCPU_ARRAY;
            case RINGBUF -> MapType.RINGBUF;
            case LPM_TRIE -> MapType.LPM_TRIE;
        };
        MapDefinition.Pinning pinning = map.pinned() ? MapDefinition.Pinning.BY_NAME : MapDefinition.Pinning.NONE;
        if (type == MapType.RINGBUF) {
            return new MapDefinition(map.name(), type, 0, 0, map.maxEntries(), map.flags(), pinning, 0,
                    btf.ringBufferRecords(map.value()), Optional.empty(), 0);
        }
        return new MapDefinition(map.name(), type, map.key().size(), map.value().size(), map.maxEntries(), map.flags(), pinning,
                type == MapType.LPM_TRIE ? btf.lpmKey((StructType) map.key()) : btf.of(map.key()), btf.of(map.value()),
                Optional.empty(), 0);
    }
}
