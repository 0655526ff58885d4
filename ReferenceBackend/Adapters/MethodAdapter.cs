using KerasVis.Conformance.Harness;

namespace KerasVis.ReferenceBackend.Adapters;

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
