namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>A parameter record with rules beyond type and range (one key against another, a value against the model):
/// each problem is returned as (key, what is wrong) and refused as a <c>GoldenFormatException</c> naming both.</summary>
public interface IParamsCheck
{
    IEnumerable<(string Key, string Problem)> Problems();
}
