using KerasVis.Conformance.Harness;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Runs one method of the Reference for a case: binds the manifest's parameters, calls the Reference and names
/// its results as the manifest's outputs.</summary>
public interface IMethodAdapter
{
    /// <summary>The method's parameter record (bound strictly from <c>method.params</c> by <see cref="ParamBinder"/>).</summary>
    Type ParamsType { get; }
    /// <summary>The record types whose properties name the outputs (for <c>conformance methods</c>).</summary>
    IReadOnlyList<Type> OutputTypes { get; }
    /// <summary>False for pure text/shape arithmetic that does not run on a device.</summary>
    bool RunsOnDevice { get; }
    /// <summary>Binds and checks the case's parameters without running anything (a request folder's early refusal).</summary>
    void Check(GoldenCase c);
    CaseOutputs Run(MethodContext context);
}
