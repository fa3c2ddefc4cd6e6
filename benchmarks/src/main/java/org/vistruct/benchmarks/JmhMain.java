package org.vistruct.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the JMH benchmarks and prints each one as a ratio to its baseline measured in the same run. */
public final class JmhMain {
    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        if (args.length > 0) options.include(args[0]); // one class (or pattern): bin/bench jmh ViidParse
        else options.include(PreprocessBenchmark.class.getSimpleName()).include(PlatePostprocessBenchmark.class.getSimpleName())
                .include(ViidParseBenchmark.class.getSimpleName());
        Collection<RunResult> results = new Runner(options.jvmArgsAppend("--enable-native-access=ALL-UNNAMED").build()).run();
        Map<String, double[]> scores = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        System.out.println();
        System.out.println("benchmark                                     µs/op     ±error   ratio to baseline");
        for (var e : scores.entrySet()) {
            String cls = e.getKey().substring(0, e.getKey().indexOf('.'));
            double[] base = scores.entrySet().stream().filter(b -> b.getKey().startsWith(cls + ".baseline")).findFirst().orElseThrow().getValue();
            System.out.printf("%-44s %8.1f %9.1f   %8.1f%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[0] / base[0]);
        }
    }
}
