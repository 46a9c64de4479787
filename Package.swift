// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "fremmoede",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "IntakeService", targets: ["IntakeService"]),
        .executable(name: "ScreeningService", targets: ["ScreeningService"]),
        .executable(name: "PlanningService", targets: ["PlanningService"]),
        .executable(name: "NotificationService", targets: ["NotificationService"]),
        .executable(name: "DevBroker", targets: ["DevBroker"]),
        .executable(name: "IntakeBenchmark", targets: ["IntakeBenchmark"]),
        .executable(name: "Demo", targets: ["Demo"]),
        .executable(name: "LatencyBenchmark", targets: ["LatencyBenchmark"]),
        .executable(name: "ScreeningBenchmark", targets: ["ScreeningBenchmark"]),
        .executable(name: "NationalBenchmark", targets: ["NationalBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // C modules: the system libraries from Debian, with typed shims for variadic C functions.
        .target(name: "CRdKafka", linkerSettings: [.linkedLibrary("rdkafka")]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        .target(
            name: "Shared",
            dependencies: [
                "CRdKafka",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "IntakeService", dependencies: ["Shared"], swiftSettings: swiftSettings),
        .executableTarget(name: "ScreeningService", dependencies: ["Shared"], swiftSettings: swiftSettings),
        // Planning's /v1 API as wire types (requests, answers, the access policy): what PlanningService's
        // routes answer with and the staff web app decodes, so the two cannot drift apart.
        .target(name: "PlanningAPI", dependencies: ["Shared"], swiftSettings: swiftSettings),
        // The staff web app (server-rendered pages, OpenID Connect sign-in), mounted by PlanningService on
        // its port; it talks to the services only through their HTTP APIs.
        .target(
            name: "StaffWeb",
            dependencies: [
                "Shared", "PlanningAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // The legal track's letters render from Mustache templates: the shipped ones in Resources/letters.
        .executableTarget(
            name: "PlanningService",
            dependencies: ["Shared", "PlanningAPI", "StaffWeb", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "NotificationService",
            dependencies: ["Shared", "CCurl", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DevBroker",
            dependencies: ["Shared", "CRdKafka", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "IntakeBenchmark", dependencies: ["Shared", "MunicipalityGenerator"], swiftSettings: swiftSettings),
        // The generated municipality (schools, pupils, staff, a school year's registrations) and
        // the demo that loads it into the one-machine stack and streams its school days.
        .target(name: "MunicipalityGenerator", dependencies: ["Shared"], swiftSettings: swiftSettings),
        .executableTarget(name: "Demo", dependencies: ["Shared", "MunicipalityGenerator"], swiftSettings: swiftSettings),
        .executableTarget(name: "LatencyBenchmark", dependencies: ["Shared", "MunicipalityGenerator"], swiftSettings: swiftSettings),
        .executableTarget(name: "NationalBenchmark", dependencies: ["Shared", "MunicipalityGenerator"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "ScreeningBenchmark",
            dependencies: ["Shared", "MunicipalityGenerator", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),

        // What every test target's stack shares: the test stack's environment, Kafka and PostgreSQL
        // clients, HTTP, waiting for a condition.
        .target(
            name: "TestSupport",
            dependencies: ["Shared", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "HummingbirdTesting", package: "hummingbird")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeServiceTests",
            dependencies: ["IntakeService", "Shared", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScreeningServiceTests",
            dependencies: ["ScreeningService", "Shared", "TestSupport", "MunicipalityGenerator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlanningServiceTests",
            dependencies: ["PlanningService", "PlanningAPI", "Shared", "TestSupport", "MunicipalityGenerator"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StaffWebTests",
            dependencies: ["StaffWeb", "PlanningAPI", "Shared", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotificationServiceTests",
            dependencies: ["NotificationService", "Shared", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MunicipalityGeneratorTests", dependencies: ["MunicipalityGenerator", "Shared"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["MunicipalityGenerator", "Shared", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SharedTests",
            dependencies: [
                "Shared", "CCurl", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
