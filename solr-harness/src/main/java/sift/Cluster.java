package sift;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A real SolrCloud on loopback for Sift's tests: Solr's own MiniSolrCloudCluster (embedded
 * ZooKeeper, N Jetty nodes), Sift's configset uploaded, one collection of 2 shards x 2 replicas.
 *
 * <p>Usage: {@code Cluster STATE CONFIGSET_DIR [NODES] [COLLECTION]}. Writes STATE (JSON: nodes,
 * zk, collection) once the collection is active, then reads commands on stdin: {@code stop N},
 * {@code start N} (N counts from 0; the node comes back on its port), {@code start} (every stopped
 * node) and {@code quit}. Each command answers one line ("ok ..." or "error ...") and rewrites
 * STATE. Stops cleanly on quit or SIGTERM; at the end of stdin it runs on until killed (started by
 * a script, or with stdin from /dev/null), unless {@code -Dsift.quitAtEndOfInput=true}: the
 * tests set it, so that a test run killed outright leaves no cluster behind.
 */
public final class Cluster {
  private static final String CONFIG = "sift";

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable e) {
      // Solr's threads are not daemons: without exit() a failed start would hang the caller.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Cluster STATE CONFIGSET_DIR [NODES] [COLLECTION]");
      System.exit(2);
    }
    Path state = Path.of(args[0]).toAbsolutePath();
    Path configset = Path.of(args[1]).toAbsolutePath();
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String collection = args.length > 3 ? args[3] : "sift";
    Path base = Files.createTempDirectory("sift-solr-");

    // Pitfalls Solr's own harness (solr/benchmark MiniClusterState) works around.
    System.setProperty("solr.alwaysOnTraceId", "false");
    System.setProperty("pkiHandlerPrivateKeyPath", "");
    System.setProperty("pkiHandlerPublicKeyPath", "");
    System.setProperty("solr.log.dir", base.resolve("logs").toString());
    System.setProperty("zookeeper.admin.enableServer", "false");
    Files.deleteIfExists(state);

    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster.Builder(nodes, base)
            .addConfig(CONFIG, configset)
            .withTraceIdGenerationDisabled()
            .build();
    // The cluster forgets a stopped node; this list keeps node N the same node across stop/start.
    List<JettySolrRunner> all = new ArrayList<>(cluster.getJettySolrRunners());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(cluster, state)));

    CollectionAdminRequest.createCollection(collection, CONFIG, 2, 2)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, 2, 4);
    writeState(cluster, all, state, collection);
    System.out.println("ready " + state);
    System.out.flush();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      try {
        if (words[0].equals("quit")) {
          break;
        } else if (words[0].equals("stop") && words.length == 2) {
          JettySolrRunner jetty = all.get(Integer.parseInt(words[1]));
          cluster.stopJettySolrRunner(jetty);
          cluster.waitForJettyToStop(jetty);
          System.out.println("ok stopped " + words[1]);
        } else if (words[0].equals("start") && words.length <= 2) {
          if (words.length == 2 && !(Integer.parseInt(words[1]) >= 0
              && Integer.parseInt(words[1]) < all.size())) {
            throw new IllegalArgumentException("no node " + words[1]);
          }
          List<String> started = new ArrayList<>();
          for (int n = 0; n < all.size(); n++) {
            JettySolrRunner jetty = all.get(n);
            boolean named = words.length == 2 && Integer.parseInt(words[1]) == n;
            if (named || (words.length == 1 && !jetty.isRunning())) {
              cluster.startJettySolrRunner(jetty, true);
              cluster.waitForNode(jetty, 60);
              started.add(String.valueOf(n));
            }
          }
          cluster.waitForActiveCollection(collection, 120, TimeUnit.SECONDS, 2, 4);
          System.out.println("ok started " + String.join(" ", started));
        } else if (!words[0].isEmpty()) {
          System.out.println("error unknown command: " + line);
        }
        writeState(cluster, all, state, collection);
      } catch (Exception e) {
        System.out.println("error " + e);
      }
      System.out.flush();
    }
    if (line == null && !Boolean.getBoolean("sift.quitAtEndOfInput")) {
      Thread.currentThread().join(); // until killed: SIGTERM runs the shutdown hook
    }
    System.exit(0); // runs the shutdown hook
  }

  private static void shutdown(MiniSolrCloudCluster cluster, Path state) {
    try {
      Files.deleteIfExists(state);
      cluster.shutdown();
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  /** Written to a temporary file and moved, so a reader never sees half a file. */
  private static void writeState(
      MiniSolrCloudCluster cluster, List<JettySolrRunner> all, Path state, String collection)
      throws Exception {
    List<String> urls = new ArrayList<>();
    List<String> running = new ArrayList<>();
    for (JettySolrRunner jetty : all) {
      String url = jetty.getBaseUrl().toString();
      urls.add(quote(url));
      running.add(jetty.isRunning() ? "true" : "false");
    }
    String json =
        "{\"nodes\": ["
            + String.join(", ", urls)
            + "], \"running\": ["
            + String.join(", ", running)
            + "], \"zk\": "
            + quote(cluster.getZkServer().getZkAddress())
            + ", \"collection\": "
            + quote(collection)
            + ", \"shards\": 2, \"replicas\": 2}\n";
    Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
    Files.writeString(tmp, json, StandardCharsets.UTF_8);
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
