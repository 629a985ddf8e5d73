package dev.ebpf4j.processor.skeleton;

import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.ProgramUnit;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accessor name of each map, global and entry program in a skeleton: its own name, unless that is
 * taken by the skeleton's own members, by {@link Object}'s methods, or (for a program) by a map,
 * in which case it gets a {@code Map} or {@code Program} suffix (and a number, if even that is
 * taken). A Java class may have a field and a method of the same name; a skeleton cannot.
 */
record SkeletonNames(Map<MapDecl, String> maps, Map<Function, String> programs, Map<GlobalDecl, String> globals) {
    /** The names the skeleton itself uses, and those of Object's methods without parameters. */
    static final Set<String> RESERVED = Set.of("load", "close", "object", "builder",
            "getClass", "hashCode", "toString", "clone", "finalize", "notify", "notifyAll", "wait");

    static SkeletonNames of(ProgramUnit unit) {
        Set<String> taken = new HashSet<>(RESERVED);
        Map<MapDecl, String> maps = new LinkedHashMap<>();
        for (MapDecl map : unit.maps()) maps.put(map, unique(map.name(), "Map", taken));
        Map<GlobalDecl, String> globals = new LinkedHashMap<>();
        for (GlobalDecl global : unit.globals()) globals.put(global, unique(global.name(), "Global", taken));
        Map<Function, String> programs = new LinkedHashMap<>();
        for (Function function : entries(unit)) programs.put(function, unique(function.name(), "Program", taken));
        return new SkeletonNames(maps, programs, globals);
    }

    static List<Function> entries(ProgramUnit unit) {
        return unit.functions().stream().filter(Function::entry).toList();
    }

    private static String unique(String name, String suffix, Set<String> taken) {
        String candidate = name;
        if (taken.contains(candidate)) candidate = name + suffix;
        for (int n = 2; taken.contains(candidate); n++) candidate = name + suffix + n;
        taken.add(candidate);
        return candidate;
    }
}
