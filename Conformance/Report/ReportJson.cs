using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;

namespace KerasVis.Conformance.Report;

/// <summary>report.json: everything, for machines (schema kerasvis-report/1).</summary>
static class ReportJson
{
    public static JsonObject Of(ReportContent content) => Build(content.Header, content.Summary, content.Rows);

    static JsonObject Build(ReportHeader header, CheckSummary s, IReadOnlyList<CaseRow> rows) => new()
    {
        ["schema"] = "kerasvis-report/1",
        ["header"] = new JsonObject
        {
            ["backend"] = header.Backend, ["device"] = header.Device, ["harness"] = header.Harness,
            ["golden_set"] = header.GoldenSet, ["expectations"] = header.Expectations, ["started"] = header.Started,
            ["seconds"] = Math.Round(s.Seconds, 3), ["family_seconds"] = new JsonObject(s.FamilySeconds().Select(f => KeyValuePair.Create(f.Family,
                (JsonNode?)Math.Round(f.Seconds, 3)))),
        },
        ["summary"] = new JsonObject
        {
            ["passed"] = s.Passed, ["failed"] = s.Failed, ["skipped"] = s.Skipped,
            ["expected_failures"] = s.ExpectedFailures, ["unexpected_passes"] = s.UnexpectedPasses,
            ["unmatched_expectation_patterns"] = new JsonArray(s.UnmatchedPatterns.Select(p => (JsonNode)p).ToArray()),
        },
        ["cases"] = new JsonArray(rows.Select(row => (JsonNode)new JsonObject
        {
            ["id"] = row.Result.CaseId, ["device"] = row.Result.Device, ["status"] = ReportContent.Status(row.Result.Status),
            ["message"] = row.Result.Message, ["seconds"] = Math.Round(row.Result.Seconds, 3),
            ["outputs"] = new JsonArray(row.Outputs.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Result.Name, ["passed"] = o.Result.Comparison.Passed,
                ["tolerance"] = new JsonObject
                {
                    ["kind"] = Tolerance.Name(o.Result.Tolerance.Kind), ["text"] = o.Result.Tolerance.ToString(), ["reason"] = o.Result.Tolerance.Reason,
                    ["abs"] = o.Result.Tolerance.Abs, ["rel"] = o.Result.Tolerance.Rel, ["max_ulp"] = o.Result.Tolerance.MaxUlp,
                },
                ["max_abs"] = ReportContent.Num(o.Result.Comparison.MaxAbs), ["max_abs_index"] = o.Result.Comparison.MaxAbsIndex,
                ["max_ulp"] = o.Result.Comparison.MaxUlp, ["max_ulp_index"] = o.Result.Comparison.MaxUlpIndex,
                ["mismatched"] = o.Result.Comparison.Mismatched, ["count"] = o.Result.Comparison.Count,
                ["tolerance_used"] = ReportContent.Num(o.Result.Comparison.Usage), ["message"] = o.Result.Comparison.Message,
                ["pictures"] = o.Pictures is { } p ? new JsonObject
                {
                    ["golden"] = p.Golden, ["candidate"] = p.Candidate, ["diff"] = p.Diff, ["max_diff"] = ReportContent.Num(p.MaxDiff),
                } : null,
            }).ToArray()),
        }).ToArray()),
    };

}
