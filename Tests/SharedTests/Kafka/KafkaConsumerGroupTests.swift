import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Offsets are committed only for messages marked done; group members split partitions and
/// rebalance cleanly when a member joins.
final class KafkaConsumerGroupTests: XCTestCase {
    func testConsumerThatDiesBeforeCommittingGetsTheMessageAgainAndOneThatCommittedDoesNot() async throws {
        let topic = try await TestStack.createTopic(prefix: "redeliver", partitions: 1)
        let group = TestStack.unique("redeliver")
        let producer = try TestStack.producer()
        _ = try await producer.send((0..<3).map { KafkaProducerMessage(topic: topic, key: "k", value: Array("m\($0)".utf8)) })

        // First member reads all three but marks none done, then goes away.
        var first: KafkaConsumer? = try TestStack.consumer(group: group, topics: [topic])
        let firstRead = try await TestStack.read(first!, count: 3)
        XCTAssertEqual(firstRead.map { String(decoding: $0.value, as: UTF8.self) }, ["m0", "m1", "m2"])
        await first!.close()
        first = nil

        // The next member gets them again; it marks the first two done and commits.
        let second = try TestStack.consumer(group: group, topics: [topic])
        let secondRead = try await TestStack.read(second, count: 3)
        XCTAssertEqual(secondRead.map { String(decoding: $0.value, as: UTF8.self) }, ["m0", "m1", "m2"], "nothing was committed, so all come again")
        try second.markDone(secondRead[1])
        try await second.commit()
        let committed = try await second.committedOffsets(for: [KafkaTopicPartition(topic: topic, partition: 0)])
        XCTAssertEqual(committed[KafkaTopicPartition(topic: topic, partition: 0)], 2)
        await second.close()

        // The third member starts after the committed offset: only m2 comes.
        let third = try TestStack.consumer(group: group, topics: [topic])
        let thirdRead = try await TestStack.read(third, count: 1)
        let extra = try await TestStack.drain(third, for: .seconds(2))
        await third.close()
        XCTAssertEqual((thirdRead + extra).map { String(decoding: $0.value, as: UTF8.self) }, ["m2"])
    }

    func testMarkingDoneIsCommittedPeriodicallyWithoutAnExplicitCommit() async throws {
        let topic = try await TestStack.createTopic(prefix: "autocommit", partitions: 1)
        let group = TestStack.unique("autocommit")
        let producer = try TestStack.producer()
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: Array("only".utf8)))
        let consumer = try TestStack.consumer(group: group, topics: [topic])
        let read = try await TestStack.read(consumer, count: 1)
        XCTAssertEqual(read.count, 1)
        try consumer.markDone(read[0])
        _ = try await TestStack.drain(consumer, for: .milliseconds(800))  // polling drives the periodic commit
        let committed = try await consumer.committedOffsets(for: [KafkaTopicPartition(topic: topic, partition: 0)])
        XCTAssertEqual(committed[KafkaTopicPartition(topic: topic, partition: 0)], 1)
        await consumer.close()
    }

    func testTwoMembersSplitThePartitionsAndAThirdJoiningRebalancesCleanly() async throws {
        let topic = try await TestStack.createTopic(prefix: "rebalance", partitions: 6)
        let group = TestStack.unique("rebalance")
        let all = Set((0..<6).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) })

        let a = try TestStack.consumer(group: group, topics: [topic])
        let b = try TestStack.consumer(group: group, topics: [topic])
        let split = try await TestStack.waitUntil(.seconds(40), polling: [a, b]) {
            !a.assignment.isEmpty && !b.assignment.isEmpty && a.assignment.isDisjoint(with: b.assignment)
                && a.assignment.union(b.assignment) == all
        }
        XCTAssertTrue(split, "two members own all six partitions between them: a=\(a.assignment) b=\(b.assignment)")

        let rebalancesBefore = a.rebalanceCount + b.rebalanceCount
        let c = try TestStack.consumer(group: group, topics: [topic])
        let rebalanced = try await TestStack.waitUntil(.seconds(40), polling: [a, b, c]) {
            let sets = [a.assignment, b.assignment, c.assignment]
            return sets.allSatisfy { !$0.isEmpty } && sets.reduce(0) { $0 + $1.count } == 6 && sets.reduce(Set()) { $0.union($1) } == all
        }
        XCTAssertTrue(rebalanced, "three members own all six, none twice: a=\(a.assignment) b=\(b.assignment) c=\(c.assignment)")
        XCTAssertGreaterThan(a.rebalanceCount + b.rebalanceCount, rebalancesBefore, "the existing members saw a rebalance")

        // Messages produced now reach the group exactly once across the three members.
        let producer = try TestStack.producer()
        _ = try await producer.send((0..<30).map { KafkaProducerMessage(topic: topic, key: "key-\($0)", value: Array("v\($0)".utf8)) })
        var received: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while received.count < 30 && ContinuousClock.now < deadline {
            for consumer in [a, b, c] {
                received += try await consumer.poll(maxMessages: 100, maxWait: .milliseconds(100)).map { String(decoding: $0.value, as: UTF8.self) }
            }
        }
        XCTAssertEqual(received.sorted(), (0..<30).map { "v\($0)" }.sorted())
        for consumer in [a, b, c] { await consumer.close() }
    }

    func testPausedConsumerFetchesNothingNewUntilResumed() async throws {
        let topic = try await TestStack.createTopic(prefix: "pause", partitions: 1)
        let consumer = try TestStack.consumer(group: TestStack.unique("pause"), topics: [topic])
        let assigned = try await TestStack.waitUntil(.seconds(30), polling: [consumer]) { !consumer.assignment.isEmpty }
        XCTAssertTrue(assigned)
        try consumer.pause()
        let producer = try TestStack.producer()
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: Array("after-pause".utf8)))
        let whilePaused = try await TestStack.drain(consumer, for: .seconds(2))
        XCTAssertTrue(whilePaused.isEmpty, "a paused partition delivers nothing")
        try consumer.resume()
        let afterResume = try await TestStack.read(consumer, count: 1)
        XCTAssertEqual(afterResume.map { String(decoding: $0.value, as: UTF8.self) }, ["after-pause"])
        await consumer.close()
    }
}
