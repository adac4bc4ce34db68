package dev.asyncguard.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what policy costs per review: parsing a policy file (a cache miss, once per pushed
 * commit) and deciding which of a large change's files are reviewed. Not a test; run it with
 * {@code bin/policy-benchmark} after {@code bin/mvn -B -q test-compile}.
 */
public final class PolicyBenchmark {

    public static void main(String[] args) throws Exception {
        String org = Files.readString(Path.of("config/example-org-policy.yml"));
        PolicyFile file = Policies.orgFile("0123456789abcdef");
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            paths.add("services/svc" + (i % 50) + "/pkg" + (i % 7) + "/sub/module_" + i + (i % 10 == 0 ? "_pb2.py" : ".py"));
        }
        Policy policy = PolicyLoader.fromFiles(Path.of("config/example-org-policy.yml"), null, Policies.KNOWN).policy();

        for (int round = 0; round < 6; round++) {
            int parses = 2_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < parses; i++) {
                if (!PolicyParser.parse(org, file, Policies.KNOWN).valid()) throw new AssertionError();
            }
            long t1 = System.nanoTime();
            int included = 0;
            for (String p : paths) if (policy.includes(p)) included++;
            long t2 = System.nanoTime();
            System.out.printf("round %d: parse+validate example org policy: %.1f us/file; paths.includes: %.2f us/path "
                    + "(%d of %d paths included, %d patterns)%n", round, (t1 - t0) / 1e3 / parses,
                    (t2 - t1) / 1e3 / paths.size(), included, paths.size(),
                    policy.paths().include().size() + policy.paths().exclude().size());
        }
    }
}
