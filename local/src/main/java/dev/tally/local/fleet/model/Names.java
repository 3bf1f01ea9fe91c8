package dev.tally.local.fleet.model;

/**
 * Kubernetes and AKS naming conventions, so rendered names look like the real ones and
 * parsers written against the simulator also work on real clusters.
 */
public final class Names {

    /**
     * The alphabet Kubernetes uses for generated name suffixes and pod-template hashes
     * (k8s.io/apimachinery/pkg/util/rand: no vowels, no digits 0, 1, 3 to avoid words).
     */
    private static final String KUBE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Names() {
    }

    /** A ReplicaSet's pod-template-hash, e.g. {@code 586c69668b} (10 characters). */
    public static String podTemplateHash(long h) {
        return kubeChars(h, 10);
    }

    /** The 5-character suffix of generateName, e.g. {@code dh6dj}. */
    public static String generatedSuffix(long h) {
        return kubeChars(h, 5);
    }

    private static String kubeChars(long h, int n) {
        StringBuilder sb = new StringBuilder(n);
        long x = h;
        for (int i = 0; i < n; i++) {
            if (i % 8 == 7) {
                x = Noise.mix(x + i);
            }
            sb.append(KUBE_ALPHABET.charAt(Noise.below(x, KUBE_ALPHABET.length())));
            x = Noise.mix(x);
        }
        return sb.toString();
    }

    /** A random (version 4 layout) UUID as Kubernetes prints object uids. */
    public static String uuid(long h) {
        long hi = Noise.mix(h ^ 0x5DEECE66DL);
        long lo = Noise.mix(h + 0x2545F4914F6CDD1DL);
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        String s = hex(hi, 16) + hex(lo, 16);
        return s.substring(0, 8) + '-' + s.substring(8, 12) + '-' + s.substring(12, 16) + '-'
                + s.substring(16, 20) + '-' + s.substring(20, 32);
    }

    /** {@code n} lower-case hex digits drawn from {@code h} (re-mixed every 16 digits). */
    public static String hex(long h, int n) {
        StringBuilder sb = new StringBuilder(n);
        long x = h;
        for (int i = 0; i < n; i++) {
            if (i > 0 && i % 16 == 0) {
                x = Noise.mix(x + i);
            }
            sb.append(HEX[(int) ((x >>> (60 - 4 * (i % 16))) & 0xF)]);
        }
        return sb.toString();
    }

    /**
     * The image reference as the container runtime resolves it (and cAdvisor and
     * kube-state-metrics report it): Docker Hub images get {@code docker.io/} and, for official
     * images, {@code library/} ({@code redis:7} becomes {@code docker.io/library/redis:7}).
     */
    public static String resolvedImage(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io/library/" + image;
        }
        String first = image.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return image;
        }
        return "docker.io/" + image;
    }

    /** A containerd container id: 64 hex digits. */
    public static String containerId(long h) {
        return hex(h, 64);
    }

    /**
     * The VMSS instance suffix AKS appends to node names: the instance id in base 36, six
     * characters wide ({@code vmss00000a} is instance 10).
     */
    public static String vmssInstanceSuffix(int instanceId) {
        StringBuilder sb = new StringBuilder();
        int x = instanceId;
        do {
            sb.append(BASE36.charAt(x % 36));
            x /= 36;
        } while (x > 0);
        while (sb.length() < 6) {
            sb.append('0');
        }
        return sb.reverse().toString();
    }
}
