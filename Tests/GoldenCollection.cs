using KerasVis.Conformance.Harness;
using Xunit;

namespace KerasVis.Tests;

/// <summary>Tests that run the Reference backend share one collection: its model cache holds one model per process.</summary>
[CollectionDefinition(Name)]
public sealed class GoldenCollection { public const string Name = "golden-cases"; }
