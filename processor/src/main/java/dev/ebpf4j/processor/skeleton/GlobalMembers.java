package dev.ebpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Prim;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The skeleton's members for a program's globals: a typed getter for each (and a setter for each
 * {@code @Shared} one) that reads and writes the section's mapping, no system call; and the
 * {@code Builder} whose setters give each {@code @Config} field its value before the object loads.
 */
final class GlobalMembers {
    static final ClassName GLOBAL_VARIABLE = ClassName.get("dev.ebpf4j.loader", "GlobalVariable");
    private static final String CONFIG = "config";

    private GlobalMembers() {
    }

    /** A field for each global's variable, set in the constructor. */
    static void fields(TypeSpec.Builder type, MethodSpec.Builder constructor, Map<GlobalDecl, String> globals, String object) {
        globals.forEach((global, name) -> {
            String field = name + "Variable";
            type.addField(FieldSpec.builder(GLOBAL_VARIABLE, field, Modifier.PRIVATE, Modifier.FINAL).build());
            constructor.addStatement("this.$N = $N.variable($S)", field, object, global.name());
        });
    }

    /** The typed getter of each global, and the setter of each {@code @Shared} one. */
    static void accessors(TypeSpec.Builder type, Map<GlobalDecl, String> globals) {
        globals.forEach((global, name) -> {
            String field = name + "Variable";
            TypeName java = javaType(global.type());
            String what = switch (global.role()) {
                case CONFIG -> "The load-time constant {@code $L} ({@code @Config}, in the frozen {@code .rodata}), as the program sees it.\n";
                case SHARED -> "The shared global {@code $L} ({@code @Shared}), read through the mapping: no system call\n"
                        + "(a lookup where the kernel cannot map array maps, before 5.5).\n";
                case ATOMIC -> "The atomic counter {@code $L} ({@code @Shared}), read through the mapping: no system call\n"
                        + "(a lookup where the kernel cannot map array maps, before 5.5).\n";
            };
            type.addMethod(MethodSpec.methodBuilder(name)
                    .addJavadoc(what, global.name())
                    .addModifiers(Modifier.PUBLIC)
                    .returns(java)
                    .addStatement("return $L", read(global.type(), field))
                    .build());
            if (global.role() != GlobalDecl.Role.CONFIG) {
                type.addMethod(MethodSpec.methodBuilder(name)
                        .addJavadoc("Sets {@code $L} through the mapping: the program's next read sees {@code value}"
                                + (global.role() == GlobalDecl.Role.ATOMIC ? "\n(a plain store: an add the program makes"
                                + " meanwhile may be lost)" : "") + ".\n", global.name())
                        .addModifiers(Modifier.PUBLIC)
                        .addParameter(java, "value")
                        .addStatement(write(global.type(), field, "value"))
                        .build());
            }
        });
    }

    /** The static {@code builder()} and the nested {@code Builder} class. */
    static void addBuilder(TypeSpec.Builder type, ClassName skeleton, Map<GlobalDecl, String> globals) {
        ClassName builder = skeleton.nestedClass("Builder");
        ClassName options = SkeletonGenerator.LOAD_OPTIONS;
        TypeSpec.Builder b = TypeSpec.classBuilder(builder)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Sets load-time constants and load options, then loads: {@code $T.builder()$L.load()}.\n", skeleton,
                        globals.entrySet().stream().filter(e -> e.getKey().role() == GlobalDecl.Role.CONFIG)
                                .map(e -> "." + e.getValue() + "(...)").findFirst().orElse(""))
                .addField(FieldSpec.builder(options, "options", Modifier.PRIVATE).initializer("$T.defaults()", options).build())
                .addField(FieldSpec.builder(com.palantir.javapoet.ParameterizedTypeName.get(ClassName.get(Map.class),
                        ClassName.get(String.class), TypeName.get(byte[].class)), CONFIG, Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new $T<>()", ClassName.get("java.util", "LinkedHashMap")).build())
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
                .addMethod(MethodSpec.methodBuilder("options")
                        .addJavadoc("The load options (pin directory, ...); the constants set here take precedence over its globals.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .returns(builder)
                        .addParameter(options, "options")
                        .addStatement("this.options = $T.requireNonNull(options, $S)", java.util.Objects.class, "options")
                        .addStatement("return this")
                        .build());
        globals.forEach((global, name) -> {
            if (global.role() != GlobalDecl.Role.CONFIG) return;
            b.addMethod(MethodSpec.methodBuilder(name)
                    .addJavadoc("Sets the load-time constant {@code $L} (default $L); the verifier sees it as a constant.\n",
                            global.name(), global.type() == Prim.BOOLEAN ? Boolean.toString(global.initial() != 0) : Long.toString(global.initial()))
                    .addModifiers(Modifier.PUBLIC)
                    .returns(builder)
                    .addParameter(javaType(global.type()), "value")
                    .addStatement("$N.put($S, $L)", CONFIG, global.name(), bytes(global.type(), "value"))
                    .addStatement("return this")
                    .build());
        });
        b.addMethod(MethodSpec.methodBuilder("load")
                .addJavadoc("Loads the object with the constants set here.\n\n@return the loaded skeleton, to be closed\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(skeleton)
                .addStatement("$T withConstants = options", options)
                .beginControlFlow("for (var e : $N.entrySet())", CONFIG)
                .addStatement("withConstants = withConstants.withGlobal(e.getKey(), e.getValue())")
                .endControlFlow()
                .addStatement("return $T.load(withConstants)", skeleton)
                .build());
        type.addType(b.build());
        type.addMethod(MethodSpec.methodBuilder("builder")
                .addJavadoc("A builder that sets the program's load-time constants before loading it.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builder)
                .addStatement("return new $T()", builder)
                .build());
    }

    static TypeName javaType(Prim type) {
        return switch (type) {
            case BOOLEAN -> TypeName.BOOLEAN;
            case BYTE -> TypeName.BYTE;
            case SHORT -> TypeName.SHORT;
            case CHAR -> TypeName.CHAR;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case VOID -> TypeName.VOID;
        };
    }

    private static CodeBlock read(Prim type, String field) {
        return switch (type) {
            case BOOLEAN -> CodeBlock.of("$N.getByte() != 0", field);
            case BYTE -> CodeBlock.of("$N.getByte()", field);
            case SHORT -> CodeBlock.of("$N.getShort()", field);
            case CHAR -> CodeBlock.of("(char) $N.getShort()", field);
            case INT -> CodeBlock.of("$N.getInt()", field);
            case LONG, VOID -> CodeBlock.of("$N.getLong()", field);
        };
    }

    private static CodeBlock write(Prim type, String field, String value) {
        return switch (type) {
            case BOOLEAN -> CodeBlock.of("$N.setByte((byte) ($N ? 1 : 0))", field, value);
            case BYTE -> CodeBlock.of("$N.setByte($N)", field, value);
            case SHORT -> CodeBlock.of("$N.setShort($N)", field, value);
            case CHAR -> CodeBlock.of("$N.setShort((short) $N)", field, value);
            case INT -> CodeBlock.of("$N.setInt($N)", field, value);
            case LONG, VOID -> CodeBlock.of("$N.setLong($N)", field, value);
        };
    }

    /** {@code value} as the little-endian bytes of the C variable (the machine's order, as the program reads it). */
    private static CodeBlock bytes(Prim type, String value) {
        ClassName buffer = ClassName.get("java.nio", "ByteBuffer");
        ClassName order = ClassName.get("java.nio", "ByteOrder");
        return switch (type) {
            case BOOLEAN -> CodeBlock.of("new byte[] {(byte) ($N ? 1 : 0)}", value);
            case BYTE -> CodeBlock.of("new byte[] {$N}", value);
            case SHORT, CHAR -> CodeBlock.of("$T.allocate(2).order($T.nativeOrder()).putShort((short) $N).array()", buffer, order, value);
            case INT -> CodeBlock.of("$T.allocate(4).order($T.nativeOrder()).putInt($N).array()", buffer, order, value);
            case LONG, VOID -> CodeBlock.of("$T.allocate(8).order($T.nativeOrder()).putLong($N).array()", buffer, order, value);
        };
    }
}
