using System.Diagnostics.CodeAnalysis;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// What a server needs to answer a request later, kept by value once the request itself has been
/// recycled: its headers (<see cref="SipHeaders"/>: Call-ID, CSeq and method, transaction, tags, Via
/// stack) and its Record-Route list. A response is made from it with two assignments.
/// </summary>
public struct RequestHeaders
{
    /// <summary>The request's headers; their CSeq method is the request's method.</summary>
    public SipHeaders Headers;

    public NodeList RecordRoute;

    public CallId CallId { readonly get => Headers.CallId; set => Headers.CallId = value; }

    public long Session { readonly get => Headers.Session; set => Headers.Session = value; }

    public int CSeq { readonly get => Headers.CSeq; set => Headers.CSeq = value; }

    public SipMethod Method { readonly get => Headers.CSeqMethod; set => Headers.CSeqMethod = value; }

    public long Transaction { readonly get => Headers.Transaction; set => Headers.Transaction = value; }

    public long FromTag { readonly get => Headers.FromTag; set => Headers.FromTag = value; }

    /// <summary>The answering side's tag: set by a server on the headers it keeps, so its answers carry it.</summary>
    public long ToTag { readonly get => Headers.ToTag; set => Headers.ToTag = value; }

    /// <summary>The request's Via stack (the list itself).</summary>
    [UnscopedRef]
    public ref NodeList Via => ref Headers.Via;

    /// <summary>True when headers were kept (the transaction is set).</summary>
    public readonly bool IsSet => Headers.Transaction != 0;
}
