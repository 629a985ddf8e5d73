package dev.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CIdentifiersTest {
    @Test
    void checksCIdentifiers() {
        assertTrue(CIdentifiers.isValid("flow_key"));
        assertTrue(CIdentifiers.isValid("_x9"));
        assertFalse(CIdentifiers.isValid(""));
        assertFalse(CIdentifiers.isValid("9lives"));
        assertFalse(CIdentifiers.isValid("a$b"));
        assertFalse(CIdentifiers.isValid("é"));
        assertFalse(CIdentifiers.isValid("struct"));
        assertFalse(CIdentifiers.isValid("x".repeat(128)));
    }

    @Test
    void manglesJavaNames() {
        assertEquals("flow_key", CIdentifiers.mangle("flow_key"));
        assertEquals("Outer__Inner", CIdentifiers.mangle("Outer$Inner"));
        assertEquals("gr_u00f6__u00df_e", CIdentifiers.mangle("größe"));
        assertEquals("register_", CIdentifiers.mangle("register"));
        assertEquals("_u1f600_", CIdentifiers.mangle("\uD83D\uDE00"));
        assertEquals("_", CIdentifiers.mangle(""));
        String longName = CIdentifiers.mangle("a".repeat(200));
        assertEquals(CIdentifiers.MAX_LENGTH, longName.length());
        assertNotEquals(longName, CIdentifiers.mangle("a".repeat(201)));
    }

    @Test
    void aScopeKeepsDistinctJavaNamesDistinct() {
        CIdentifiers.Scope scope = new CIdentifiers.Scope();
        assertEquals("a__b", scope.name("a$b"));
        assertEquals("a__b_2", scope.name("a__b"));
        assertEquals("a__b", scope.name("a$b"));
        assertEquals("a__b_2_2", scope.name("a$b_2"));
    }

    @Property(tries = 500)
    void mangledNamesAreAlwaysValidAndStable(@ForAll String javaName) {
        String c = CIdentifiers.mangle(javaName);
        assertTrue(CIdentifiers.isValid(c), c);
        assertEquals(c, CIdentifiers.mangle(javaName));
    }
}
