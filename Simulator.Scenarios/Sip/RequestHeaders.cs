namespace CpmSim.Scenarios.Sip;

/// <summary>
/// What a server needs to answer a request later, kept by value once the request itself has been
/// recycled: its Call-ID, CSeq, method, transaction, Via stack and Record-Route list.
/// </summary>
public struct RequestHeaders
{
    public CallId CallId;
    public long Session;
    public int CSeq;
    public SipMethod Method;
    public long Transaction;
    public long FromTag;

    /// <summary>The answering side's tag: set by a server on the headers it keeps, so its answers carry it.</summary>
    public long ToTag;
    public NodeList Via;
    public NodeList RecordRoute;

    /// <summary>True when headers were kept (the transaction is set).</summary>
    public readonly bool IsSet => Transaction != 0;
}
