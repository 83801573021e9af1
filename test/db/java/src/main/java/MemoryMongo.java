import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/** An in-memory MongoDB-wire server for the tests: prints its URI, then serves until the process is signalled. */
public final class MemoryMongo {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        InetSocketAddress address = server.getLocalAddress();
        System.out.println("mongodb://127.0.0.1:" + address.getPort() + "/");
        System.out.flush();
        // The parent owns our lifetime: when it dies, stdin closes and we go too (no orphans).
        while (System.in.read() != -1) { }
        System.exit(0);
    }
}
