package dev.ebpf4j.processor.frontend;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.fixture.Javac;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrPrinter;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.program.BpfProgram;

import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiles one program class in memory with the front end hooked in after javac's analysis. */
final class Compiler {
    private Compiler() {
    }

    /** A source file in memory. */
    static JavaFileObject source(String className, String text) {
        return Javac.source(className, text);
    }

    /** The class path with the annotations module (where BpfProgram was loaded from). */
    static String classPath() {
        return Javac.classPath(BpfProgram.class);
    }

    /**
     * The result of a compilation: the units lowered and all diagnostics.
     *
     * @param units       the lowered program units
     * @param diagnostics javac's diagnostics, ours included
     */
    record Result(List<ProgramUnit> units, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        List<Diagnostic<? extends JavaFileObject>> errors() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
        }

        String errorText() {
            return new Javac.Result(false, diagnostics).errorText();
        }

        ProgramUnit unit() {
            assertEquals("", errorText(), "errors");
            assertEquals(1, units.size(), "units");
            return units.getFirst();
        }

        /** The IR text of the entry function {@code name}. */
        String ir(String name) {
            Function function = unit().function(name);
            return IrPrinter.body(function);
        }

        /** Asserts exactly one error, at {@code line}:{@code column}, containing {@code text}. */
        void assertError(long line, long column, String text) {
            assertEquals(1, errors().size(), () -> "one error expected:\n" + errorText());
            Diagnostic<? extends JavaFileObject> error = errors().getFirst();
            String message = error.getMessage(Locale.ROOT);
            assertTrue(message.contains(text), () -> "message: " + message);
            assertEquals(line + ":" + column, error.getLineNumber() + ":" + error.getColumnNumber(), message);
        }
    }

    static Result compile(String className, String text) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-classpath", classPath(), "-Xlint:none");
        JavacTask task = Javac.task(options, List.of(source(className, text)), diagnostics);
        Trees trees = Trees.instance(task);
        List<ProgramUnit> units = new ArrayList<>();
        task.addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent event) {
                if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) return;
                TypeElement type = event.getTypeElement();
                if (type.getAnnotation(BpfProgram.class) == null) return;
                TreePath path = trees.getPath(type);
                Declarations declarations = DeclarationReader.read(type, trees, (Element at, String message) -> {
                    var tree = trees.getTree(at);
                    trees.printMessage(Diagnostic.Kind.ERROR, message, tree != null ? tree : path.getLeaf(), path.getCompilationUnit());
                });
                if (declarations.errors() > 0) return;
                FrontEnd.Result result = FrontEnd.compile(declarations, trees);
                if (result.errors() == 0) units.add(result.unit());
            }
        });
        try {
            task.analyze();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new Result(units, diagnostics.getDiagnostics());
    }

    /**
     * Compiles several sources together and lowers every program class among them once javac has
     * analysed them all (a program may inline methods of the others).
     */
    static Result compile(List<JavaFileObject> sources) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-classpath", classPath(), "-Xlint:none");
        JavacTask task = Javac.task(options, sources, diagnostics);
        Trees trees = Trees.instance(task);
        List<TypeElement> programs = new ArrayList<>();
        task.addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent event) {
                if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) return;
                if (event.getTypeElement().getAnnotation(BpfProgram.class) != null) programs.add(event.getTypeElement());
            }
        });
        try {
            task.analyze();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<ProgramUnit> units = new ArrayList<>();
        for (TypeElement type : programs) {
            TreePath path = trees.getPath(type);
            Declarations declarations = DeclarationReader.read(type, trees, (Element at, String message) ->
                    trees.printMessage(Diagnostic.Kind.ERROR, message, path.getLeaf(), path.getCompilationUnit()));
            if (declarations.errors() > 0) continue;
            FrontEnd.Result result = FrontEnd.compile(declarations, trees);
            if (result.errors() == 0) units.add(result.unit());
        }
        return new Result(units, diagnostics.getDiagnostics());
    }

    /** A program class around {@code body} (members), with the usual imports. */
    static String program(String members) {
        return """
                import dev.ebpf4j.program.*;
                import dev.ebpf4j.program.maps.*;
                import dev.ebpf4j.program.net.*;

                @BpfProgram(license = "GPL")
                public class P {
                """ + members + "\n}\n";
    }

    /** Compiles an XDP entry {@code run(ctx)} whose body is {@code body}, with {@code members} beside it. */
    static Result xdp(String members, String body) {
        return compile("P", program(members + "\n    @Xdp static XdpAction run(XdpContext ctx) {\n" + body + "\n    }"));
    }
}
