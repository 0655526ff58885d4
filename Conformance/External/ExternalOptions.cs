using System.Diagnostics;
using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>How to run an external port: the command line, the per-case time limit, and whether it takes one case
/// per process or every case in one process.</summary>
public sealed record ExternalOptions(string Command, TimeSpan Timeout, bool Batch = false, string? WorkDir = null,
    bool KeepWork = false, string Name = "external");
