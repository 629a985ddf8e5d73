package dev.ebpf4j.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.bpf.BpfCompiler;
import dev.ebpf4j.processor.bpf.CompileException;
import dev.ebpf4j.processor.c.CRenderer;
import dev.ebpf4j.processor.frontend.CalledClasses;
import dev.ebpf4j.processor.frontend.DeclarationReader;
import dev.ebpf4j.processor.frontend.Declarations;
import dev.ebpf4j.processor.frontend.FrontEnd;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.skeleton.SkeletonGenerator;
import dev.ebpf4j.program.BpfProgram;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ebpf4j annotation processor: for each {@code @BpfProgram} class, a typed skeleton
 * ({@code <Name>Skeleton}, during processing), and after javac has attributed the class's method
 * bodies, {@code <Name>.bpf.o}, {@code <Name>.bpf.c} and {@code ebpf4j.h} as class-path resources
 * in the class's package.
 *
 * <p>Method bodies are only attributed after annotation processing, so the processor registers a
 * {@link TaskListener} (public {@code com.sun.source.util} API, as the Checker Framework does) and
 * compiles each program class when javac reports its analysis finished (and that of every class,
 * compiled with it, whose static methods it inlines). A user's pom needs the
 * processor on the processor path only:
 *
 * <pre>{@code
 * <annotationProcessorPaths>
 *   <path><groupId>dev.ebpf4j</groupId><artifactId>ebpf4j-processor</artifactId><version>...</version></path>
 * </annotationProcessorPaths>
 * }</pre>
 *
 * <p>Option {@code -Aebpf4j.stopAfter=frontend} stops after the front end (no skeleton, no
 * outputs): for tests of the front end's diagnostics.
 */
@SupportedAnnotationTypes("dev.ebpf4j.program.BpfProgram")
@SupportedOptions(Ebpf4jProcessor.STOP_AFTER)
public final class Ebpf4jProcessor extends AbstractProcessor {
    /** The option that stops the processor after the front end when set to {@code frontend}. */
    public static final String STOP_AFTER = "ebpf4j.stopAfter";

    /** Program classes read without errors, by qualified name, waiting for javac's analysis. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** Program classes analysed, waiting for the analysis of the class whose methods they inline (the value). */
    private final Map<TypeElement, TypeElement> waiting = new LinkedHashMap<>();
    /** The top-level classes javac has analysed, by qualified name. */
    private final Set<String> analysedClasses = new HashSet<>();
    /** The top-level classes javac has lowered and written (their trees are gone), by qualified name. */
    private final Set<String> loweredClasses = new HashSet<>();
    private final Set<String> headersWritten = new HashSet<>();
    private Trees trees;
    /** The trees of the task itself: the elements of the processing rounds may be replaced by the time bodies are analysed. */
    private Trees taskTrees;
    private boolean frontendOnly;
    private boolean listening;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        trees = Trees.instance(processingEnv);
        frontendOnly = "frontend".equals(processingEnv.getOptions().get(STOP_AFTER));
        try {
            JavacTask task = JavacTask.instance(processingEnv);
            taskTrees = Trees.instance(task);
            task.addTaskListener(new TaskListener() {
                @Override
                public void finished(TaskEvent event) {
                    if (event.getKind() == TaskEvent.Kind.ANALYZE && event.getTypeElement() != null) analyzed(event.getTypeElement());
                }

                @Override
                public void started(TaskEvent event) {
                    if (event.getKind() == TaskEvent.Kind.GENERATE && event.getTypeElement() != null) generating(event.getTypeElement());
                }
            });
            listening = true;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not javac (e.g. another compiler): declarations and skeletons only
            listening = false;
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element element : round.getElementsAnnotatedWith(BpfProgram.class)) {
            if (!(element instanceof TypeElement type)) continue;
            Declarations declarations = DeclarationReader.read(type, trees,
                    (at, message) -> processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, at));
            if (declarations.errors() > 0) continue;
            if (!listening) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "ebpf4j needs javac's tree API to read"
                        + " method bodies, and this compiler does not offer it; compile with javac", type);
                continue;
            }
            pending.add(type.getQualifiedName().toString());
            if (!frontendOnly) {
                stage(type, "the skeleton generator", () -> SkeletonGenerator.generate(declarations.skeletonUnit())
                        .writeTo(processingEnv.getFiler()));
            }
        }
        return false;
    }

    /** Compiles the program classes inside {@code analyzed}, a top-level class whose bodies javac has just attributed. */
    private void analyzed(TypeElement analyzed) {
        analysedClasses.add(analyzed.getQualifiedName().toString());
        List<TypeElement> analysedPrograms = new ArrayList<>();
        collect(analyzed, analysedPrograms);
        analysedPrograms.forEach(program -> waiting.put(program, program));
        List<TypeElement> ready = new ArrayList<>();
        for (TypeElement type : List.copyOf(waiting.keySet())) {
            // a program that inlines methods of a class javac has not analysed yet waits for it
            TypeElement awaited = CalledClasses.awaited(type, taskTrees, owner -> analysedClasses.contains(name(owner))
                    && !loweredClasses.contains(name(owner)), owner -> loweredClasses.contains(name(owner)));
            if (awaited == null) {
                waiting.remove(type);
                ready.add(type);
            } else if (loweredClasses.contains(name(awaited))) {
                waiting.remove(type);
                policyError(type, awaited);
            } else {
                waiting.put(type, awaited);
            }
        }
        for (TypeElement type : ready) {
            try {
                compile(type);
            } catch (RuntimeException | StackOverflowError e) {
                error(type, "ebpf4j internal error in the front end: " + e);
            }
        }
    }

    /**
     * javac lowers a class's trees in place before it writes it, and drops them after: a program
     * still waiting then can no longer be read, nor a class written already inlined. Under javac's
     * default policy, which analyses, lowers and writes one class after another, a program and a
     * class whose methods it calls always meet one of the two.
     */
    private void generating(TypeElement type) {
        loweredClasses.add(name(type));
        for (TypeElement program : List.copyOf(waiting.keySet())) {
            if (name(CalledClasses.topLevel(program)).equals(name(type))) policyError(program, waiting.remove(program));
        }
    }

    private void policyError(TypeElement program, TypeElement called) {
        error(program, "this program calls methods of " + called.getQualifiedName() + ", which javac does not keep analysed"
                + " beside it under its default policy (one class analysed and written after another); compile with"
                + " -XDcompilePolicy=simple (javac then analyses every class before it writes any), e.g. in the"
                + " maven-compiler-plugin's <compilerArgs>, or keep the methods in the program class");
    }

    private static String name(TypeElement type) {
        return type.getQualifiedName().toString();
    }

    /** The pending program classes in {@code type} and its member types, as elements of the analysed trees. */
    private void collect(TypeElement type, List<TypeElement> ready) {
        if (pending.remove(type.getQualifiedName().toString())) ready.add(type);
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement nested) collect(nested, ready);
        }
    }

    private void compile(TypeElement type) {
        // read again from the analysed class: javac may have replaced the elements of the processing rounds
        Declarations declarations = DeclarationReader.read(type, taskTrees,
                (at, message) -> processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, at));
        if (declarations.errors() > 0) return;
        FrontEnd.Result result = FrontEnd.compile(declarations, taskTrees);
        if (result.errors() > 0 || frontendOnly) return;
        ProgramUnit unit = result.unit();
        String pkg = unit.packageName();
        stage(type, "the eBPF back end", () -> write(pkg, unit.className() + ".bpf.o", BpfCompiler.write(unit)));
        stage(type, "the C back end", () -> {
            String c = CRenderer.render(unit);
            write(pkg, unit.className() + ".bpf.c", c.getBytes(StandardCharsets.UTF_8));
            if (headersWritten.add(pkg)) write(pkg, CRenderer.HEADER_NAME, CRenderer.header().getBytes(StandardCharsets.UTF_8));
        });
    }

    /**
     * Writes a resource next to the program's classes. The Filer still accepts resources here, after
     * the last processing round: javac closes it only when the whole compilation ends.
     */
    private void write(String pkg, String name, byte[] bytes) throws IOException {
        Filer filer = processingEnv.getFiler();
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, pkg, name);
        try (OutputStream out = file.openOutputStream()) {
            out.write(bytes);
        }
    }

    /** A step that may fail on a bug of ours: the failure becomes one error on the class, never a javac crash. */
    private void stage(TypeElement type, String stage, Step step) {
        try {
            step.run();
        } catch (CompileException e) {
            // A program the back end cannot make verifiable (too large a frame, too deep an
            // expression): the user's to fix, and its message names the Java line.
            error(type, e.getMessage());
        } catch (Exception | StackOverflowError | LinkageError e) {
            error(type, "ebpf4j internal error in " + stage + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private void error(TypeElement type, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, type);
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
