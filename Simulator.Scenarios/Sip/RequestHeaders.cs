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
    public NodeList Via;
    public NodeList RecordRoute;

    /// <summary>True when headers were kept (the transaction is set).</summary>
    public readonly bool IsSet => Transaction != 0;
}
