using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KerasVis.Tests;

/// <summary>One (case, backend, device) row of the golden matrix. Its display name is
/// <c>family/case/backend/device</c>; rows the backend declines carry the reason and are reported as skipped.</summary>
public sealed class CaseRun : IXunitSerializable
{
    public string CaseId { get; private set; } = "";
    public string Backend { get; private set; } = "";
    public string Device { get; private set; } = "";
    public string? SkipReason { get; private set; }

    public CaseRun() { }
    public CaseRun(string caseId, string backend, string device, string? skip) { CaseId = caseId; Backend = backend; Device = device; SkipReason = skip; }

    public void Deserialize(IXunitSerializationInfo info)
    {
        CaseId = info.GetValue<string>(nameof(CaseId)); Backend = info.GetValue<string>(nameof(Backend));
        Device = info.GetValue<string>(nameof(Device)); SkipReason = info.GetValue<string?>(nameof(SkipReason));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(CaseId), CaseId); info.AddValue(nameof(Backend), Backend);
        info.AddValue(nameof(Device), Device); info.AddValue(nameof(SkipReason), SkipReason);
    }

    public override string ToString() => $"{CaseId}/{Backend}/{Device}";
}

/// <summary>A theory whose <see cref="CaseRun"/> rows with a skip reason become skipped tests (xunit 2 has no runtime skip).</summary>
[XunitTestCaseDiscoverer("KerasVis.Tests.GoldenTheoryDiscoverer", "KerasVis.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class GoldenTheoryAttribute : TheoryAttribute { }

public sealed class GoldenTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions options,
        ITestMethod method, IAttributeInfo theory, object[] row)
    {
        if (row.Length == 1 && row[0] is CaseRun { SkipReason: { } why })
            return CreateTestCasesForSkippedDataRow(options, method, theory, row, why);
        return base.CreateTestCasesForDataRow(options, method, theory, row);
    }
}
