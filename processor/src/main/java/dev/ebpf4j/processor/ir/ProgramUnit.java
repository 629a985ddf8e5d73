package dev.ebpf4j.processor.ir;

import java.util.List;

/**
 * One program class, checked and lowered: what both back ends and the skeleton generator read.
 *
 * @param packageName the Java package ("" for the unnamed package)
 * @param className   the class's simple name; outputs are {@code <className>.bpf.o} and {@code .bpf.c}
 * @param sourceFile  the Java file's name (for line info)
 * @param license     the license string
 * @param maps        the map fields, in declaration order
 * @param structs     the record types used by maps, in first-use order
 * @param functions   entry points and the subprograms they call, entry points first
 * @param globals     the {@code @Config} and {@code @Shared} fields, in declaration order
 */
public record ProgramUnit(String packageName, String className, String sourceFile, String license,
                          List<MapDecl> maps, List<StructType> structs, List<Function> functions, List<GlobalDecl> globals) {
    public ProgramUnit {
        maps = List.copyOf(maps);
        structs = List.copyOf(structs);
        functions = List.copyOf(functions);
        globals = List.copyOf(globals);
    }

    /** A unit without globals. */
    public ProgramUnit(String packageName, String className, String sourceFile, String license,
                       List<MapDecl> maps, List<StructType> structs, List<Function> functions) {
        this(packageName, className, sourceFile, license, maps, structs, functions, List.of());
    }

    /** The function called {@code name}. */
    public Function function(String name) {
        for (Function function : functions) {
            if (function.name().equals(name)) return function;
        }
        throw new IllegalArgumentException("no function " + name + " in " + className);
    }
}
