package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.SourcePosition;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a program class declares, before any method body is read: its license, its maps, its entry
 * methods and the records its maps use.
 *
 * @param type        the program class
 * @param packageName its package
 * @param className   its simple name
 * @param sourceFile  its file's simple name
 * @param license     the license string
 * @param maps        map fields to their declarations, in declaration order
 * @param entries     entry methods and their hooks, in declaration order
 * @param structs     the record layouts met so far (bodies may add more)
 * @param positions   where each entry method is declared
 * @param errors      the number of declaration errors reported
 * @param globals     {@code @Config} and {@code @Shared} fields to their declarations, in declaration order
 */
public record Declarations(TypeElement type, String packageName, String className, String sourceFile, String license,
                           Map<VariableElement, MapDecl> maps, Map<ExecutableElement, Hook> entries, Structs structs,
                           Map<ExecutableElement, SourcePosition> positions, int errors,
                           Map<VariableElement, GlobalDecl> globals) {

    /** The unit with these declarations and {@code functions} (entry points with empty bodies if none are given). */
    public ProgramUnit unit(List<Function> functions) {
        return new ProgramUnit(packageName, className, sourceFile, license, List.copyOf(maps.values()), structs.all(), functions,
                List.copyOf(globals.values()));
    }

    /** The unit the skeleton generator needs: declarations, entry points with empty bodies. */
    public ProgramUnit skeletonUnit() {
        List<Function> functions = new ArrayList<>();
        entries.forEach((method, hook) -> functions.add(FunctionLowering.emptyEntry(method, hook, positions.get(method))));
        return unit(functions);
    }
}
