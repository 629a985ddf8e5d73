package dev.ebpf4j.processor.skeleton;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.ProgramUnit;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes the typed skeleton {@code <ClassName>Skeleton} of a program class, in the program's
 * package: a final {@link AutoCloseable} class that loads {@code <ClassName>.bpf.o} from the class
 * path next to the program class and gives one accessor per map (with its Java key and value
 * types) and per entry program.
 *
 * <pre>{@code
 * JavaFile file = SkeletonGenerator.generate(unit);   // e.g. PortFilterSkeleton
 * file.writeTo(processingEnv.getFiler());
 * }</pre>
 *
 * <p>What the generated code looks like, for a program {@code PortFilter} with a map
 * {@code blockedPorts} and an XDP entry {@code filter}:
 *
 * <pre>{@code
 * try (PortFilterSkeleton skeleton = PortFilterSkeleton.load()) {
 *     skeleton.blockedPorts().put(22, 0L);
 *     int verdict = skeleton.filter().testRun(frame, 1).retval();
 * }
 * }</pre>
 */
public final class SkeletonGenerator {
    static final ClassName LOADED_OBJECT = ClassName.get("dev.ebpf4j.loader", "LoadedObject");
    static final ClassName LOAD_OPTIONS = ClassName.get("dev.ebpf4j.loader", "LoadOptions");
    static final ClassName PROGRAM = ClassName.get("dev.ebpf4j.programs", "Program");
    static final ClassName PROGRAM_RESOURCE = ClassName.get("dev.ebpf4j.skeleton", "ProgramResource");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    private static final String OBJECT = "object";
    private static final String THROWS = """
            @throws dev.ebpf4j.loader.LoadException if the object is missing, malformed, or does not match
                this skeleton
            @throws dev.ebpf4j.errors.VerifierException if the verifier refuses a program, naming its source line
            """;

    private SkeletonGenerator() {
    }

    /** The skeleton {@code <className>Skeleton} of {@code unit} (function bodies are not needed). */
    public static JavaFile generate(ProgramUnit unit) {
        ClassName program = ClassName.get(unit.packageName(), unit.className());
        ClassName skeleton = ClassName.get(unit.packageName(), unit.className() + "Skeleton");
        SkeletonNames names = SkeletonNames.of(unit);

        TypeSpec.Builder type = TypeSpec.classBuilder(skeleton)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addAnnotation(AnnotationSpec.builder(GENERATED)
                        .addMember("value", "$S", SkeletonGenerator.class.getName()).build())
                .addJavadoc(classDoc(unit, program, skeleton, names))
                .addField(FieldSpec.builder(LOADED_OBJECT, OBJECT, Modifier.PRIVATE, Modifier.FINAL).build());

        MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(LOADED_OBJECT, OBJECT)
                .addStatement("this.$N = $N", OBJECT, OBJECT);
        Map<String, MapMember> members = new LinkedHashMap<>();
        names.maps().forEach((map, name) -> members.put(name, MapMember.of(map, OBJECT)));
        for (Map.Entry<String, MapMember> e : members.entrySet()) {
            MapMember member = e.getValue();
            String name = e.getKey();
            type.addField(FieldSpec.builder(member.type(), name, Modifier.PRIVATE, Modifier.FINAL).build());
            constructor.addStatement("this.$N = $L", name, member.initializer());
        }
        for (Map.Entry<Function, String> e : names.programs().entrySet()) {
            type.addField(FieldSpec.builder(PROGRAM, e.getValue(), Modifier.PRIVATE, Modifier.FINAL).build());
            constructor.addStatement("this.$N = $N.program($S)", e.getValue(), OBJECT, e.getKey().name());
        }
        GlobalMembers.fields(type, constructor, names.globals(), OBJECT);
        type.addMethod(constructor.build());
        type.addMethod(loadWithDefaults(unit, skeleton));
        type.addMethod(load(unit, program, skeleton));
        if (!unit.globals().isEmpty()) GlobalMembers.addBuilder(type, skeleton, names.globals());

        members.forEach((name, member) -> type.addMethod(getter(name, member.type(), member.javadoc())));
        GlobalMembers.accessors(type, names.globals());
        for (Map.Entry<Function, String> e : names.programs().entrySet()) {
            type.addMethod(getter(e.getValue(), PROGRAM, programDoc(unit, e.getKey())));
        }
        type.addMethod(MethodSpec.methodBuilder(OBJECT)
                .addJavadoc("The loaded object underneath, for what the typed accessors do not offer (pinning, global\n"
                        + "variables, the loader's warnings). It belongs to this skeleton: do not close it yourself.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(LOADED_OBJECT)
                .addStatement("return $N", OBJECT)
                .build());
        type.addMethod(MethodSpec.methodBuilder("close")
                .addJavadoc("Closes every program and map this skeleton loaded, detaching what its programs attached\n"
                        + "(a pinned link stays); later calls do nothing. Maps pinned through the load options live on in bpffs.\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addStatement("$N.close()", OBJECT)
                .build());

        return JavaFile.builder(unit.packageName(), type.build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    private static CodeBlock classDoc(ProgramUnit unit, ClassName program, ClassName skeleton, SkeletonNames names) {
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The typed skeleton of {@link $T}: loads {@code $L.bpf.o} from the class path, next to\n",
                        program, unit.className())
                .add("{@code $L.class}, into the kernel, and gives each of its maps with its Java key and value types\n",
                        unit.className())
                .add("and each of its entry programs. {@link #close()} releases everything it loaded.\n")
                .add("\n<pre>{@code\n")
                .add("try ($T skeleton = $T.load()) {\n", skeleton, skeleton);
        if (!names.programs().isEmpty()) {
            doc.add("    int verdict = skeleton.$L().testRun(frame, 1).retval();\n", names.programs().values().iterator().next());
        }
        for (Map.Entry<MapDecl, String> e : names.maps().entrySet()) {
            MapDecl map = e.getKey();
            if (map.kind().perCpu()) {
                doc.add("    long total = skeleton.$L().sum(key);\n", e.getValue());
                break;
            }
        }
        doc.add("}\n}</pre>\n")
                .add("\n<p>Generated by the ebpf4j processor from {@code $L}; do not edit.\n", unit.sourceFile());
        return doc.build();
    }

    private static MethodSpec loadWithDefaults(ProgramUnit unit, ClassName skeleton) {
        return MethodSpec.methodBuilder("load")
                .addJavadoc("Loads {@code $L.bpf.o} with the default {@link $T}.\n\n", unit.className(), LOAD_OPTIONS)
                .addJavadoc("@return the loaded skeleton, to be closed\n")
                .addJavadoc(THROWS)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(skeleton)
                .addStatement("return load($T.defaults())", LOAD_OPTIONS)
                .build();
    }

    private static MethodSpec load(ProgramUnit unit, ClassName program, ClassName skeleton) {
        return MethodSpec.methodBuilder("load")
                .addJavadoc("Loads {@code $L.bpf.o} with {@code options} (pin directory, global values, ...).\n\n",
                        unit.className())
                .addJavadoc("@param options how to load the object\n")
                .addJavadoc("@return the loaded skeleton, to be closed\n")
                .addJavadoc(THROWS)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(skeleton)
                .addParameter(LOAD_OPTIONS, "options")
                .addStatement("$T $N = $T.load($T.class, options)", LOADED_OBJECT, OBJECT, PROGRAM_RESOURCE, program)
                .beginControlFlow("try")
                .addStatement("return new $T($N)", skeleton, OBJECT)
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addComment("a map or program the skeleton expects is missing or of another shape")
                .addStatement("$N.close()", OBJECT)
                .addStatement("throw e")
                .endControlFlow()
                .build();
    }

    private static MethodSpec getter(String name, TypeName type, CodeBlock javadoc) {
        return MethodSpec.methodBuilder(name)
                .addJavadoc(javadoc)
                .addModifiers(Modifier.PUBLIC)
                .returns(type)
                .addStatement("return $N", name)
                .build();
    }

    private static CodeBlock programDoc(ProgramUnit unit, Function function) {
        String hook = switch (function.hook()) {
            case XDP -> "XDP program";
            case TC_INGRESS -> "tc ingress classifier";
            case TC_EGRESS -> "tc egress classifier";
            case SOCKET_FILTER -> "socket filter";
        };
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("The $L {@code $L} (the entry method {@code $L.$L}), loaded and verified:\n",
                        hook, function.name(), unit.className(), function.name())
                .add("run it on a packet with {@link $T#testRun(byte[], int)}", PROGRAM);
        switch (function.hook()) {
            case XDP -> doc.add(",\nattach it to an interface with {@link $T#attachXdp(String)}", PROGRAM);
            case TC_INGRESS, TC_EGRESS -> doc.add(",\nattach it to an interface with {@link $T#attachTc(String, dev.ebpf4j.links.Direction)}", PROGRAM);
            case SOCKET_FILTER -> { }
        }
        if (function.hook() != dev.ebpf4j.processor.ir.Hook.SOCKET_FILTER) {
            doc.add("\n(detached when this skeleton closes)");
        }
        return doc.add(".\n").build();
    }
}
