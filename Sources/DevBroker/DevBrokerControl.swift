import Foundation
import Hummingbird
import Logging
import NIOCore
import Shared

/// The development broker's control API on 127.0.0.1 (plain HTTP, development only):
///   POST /topics?name=NAME&partitions=N   create a topic (existing: 200, unchanged)
///   POST /brokers/down | /brokers/up       take the brokers down / bring them back
struct DevBrokerControl {
    let cluster: KafkaMockCluster
    let port: Int
    let portFile: String?
    let logger: Logger

    func run() async throws {
        let router = Router()
        let cluster = self.cluster
        router.post("/topics") { request, _ -> HTTPResponse.Status in
            guard let name = request.uri.queryParameters.get("name"), !name.isEmpty,
                  let partitions = request.uri.queryParameters.get("partitions", as: Int.self), partitions > 0 else {
                throw HTTPError(.badRequest, message: "name and a positive partitions are required")
            }
            do {
                try cluster.createTopic(name, partitions: partitions)
                return .created
            } catch let error as KafkaError where error.librdkafkaCode == 36 {  // TOPIC_ALREADY_EXISTS
                return .ok
            }
        }
        router.post("/brokers/down") { _, _ -> HTTPResponse.Status in
            try cluster.setBrokersUp(false)
            say("brokers down")
            return .noContent
        }
        router.post("/brokers/up") { _, _ -> HTTPResponse.Status in
            try cluster.setBrokersUp(true)
            say("brokers up")
            return .noContent
        }
        let portFile = self.portFile
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "fremmoede-devbroker"),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else { return }
                if let portFile { try? Data("\(port)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic) }
                say("KAFKA_DEV_CONTROL_URL=http://127.0.0.1:\(port)")
            },
            logger: logger)
        try await app.run()
    }
}
