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

/// <summary>The base of every adapter: <typeparamref name="TParams"/> is the parameter record, <typeparamref name="TOutputs"/>
/// the record whose properties are the outputs (a Reference steps record or the adapter's own).</summary>
public abstract class MethodAdapter<TParams, TOutputs> : IMethodAdapter where TParams : class where TOutputs : class
{
    public Type ParamsType => typeof(TParams);
    public virtual IReadOnlyList<Type> OutputTypes => [typeof(TOutputs)];
    public virtual bool RunsOnDevice => true;
    public void Check(GoldenCase c) => ParamBinder.Bind<TParams>(c);
    public CaseOutputs Run(MethodContext context) => StepOutputs.From(Compute(context, ParamBinder.Bind<TParams>(context.Case)));

    /// <summary>The Reference's steps for the case, before they are named as outputs.</summary>
    public abstract TOutputs Compute(MethodContext context, TParams p);
}
