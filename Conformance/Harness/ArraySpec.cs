using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

public sealed record ArraySpec(string Name, string DType, long[] Shape, string File, string Sha256);
