package dev.tally.local.fleet.model;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic pseudo-randomness. Every "random" choice in the fleet is a hash of
 * (seed, what, when), never the next value of a shared generator: so any instant of any
 * cluster can be computed on its own, in any order, and a time range renders the same
 * whether it is rendered alone or as part of a longer one.
 */
public final class Noise {

    private Noise() {
    }

    /** SplitMix64's finalizer: a bijective 64-bit mixer with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(long a, long b) {
        return mix(a * 0x9E3779B97F4A7C15L + mix(b + 0x632BE59BD9B4E019L));
    }

    public static long hash(long a, long b, long c) {
        return hash(hash(a, b), c);
    }

    public static long hash(long a, long b, long c, long d) {
        return hash(hash(hash(a, b), c), d);
    }

    /** A stable 64-bit key for a name (FNV-1a over UTF-8, then mixed): String.hashCode is only 32 bits. */
    public static long key(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    public static long key(long seed, String... parts) {
        long h = mix(seed);
        for (String part : parts) {
            h = hash(h, key(part));
        }
        return h;
    }

    /** Uniform in [0, 1). */
    public static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n). */
    public static int below(long h, int n) {
        return (int) ((h >>> 1) % n);
    }

    /** Uniform in [-1, 1). */
    public static double signed(long h) {
        return unit(h) * 2.0 - 1.0;
    }
}
