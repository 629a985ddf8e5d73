package dev.ebpf4j.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path a test hands on to a child JVM or to an in-process javac: every entry of the JVM's
 * own class path and of the class loaders between the test and it. A launcher may load class
 * directories through a loader of its own (the JUnit console launcher in the VM guests does), and
 * the modules' classes sit in several directories, so {@code java.class.path} alone misses them.
 */
public final class TestClassPath {
    private TestClassPath() {}

    /** The entries, joined with the path separator, those of the test's own loaders first. */
    public static String of() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) entries.add(path(url));
            }
        }
        for (ClassLoader loader = TestClassPath.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) entries.add(path(url));
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }

    private static String path(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("a class path entry that is no file: " + url, e);
        }
    }
}
