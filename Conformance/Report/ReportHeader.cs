using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Report;

/// <summary>What the report's header says about the run.</summary>
public sealed record ReportHeader(string Backend, string Device, string Harness, string GoldenSet, string Expectations, string Started);
