# Makes one call of the probe (internal/clients) with urllib.request or
# requests, as argv[1] says, and prints what the caller got, in JSON.
# The call is argv[2], in JSON: method, url, body or bodySize, headers,
# times, user and password, proxy, proxyUser and proxyPassword.
import json
import sys


def content(c):
    if c.get("bodySize"):
        return b"x" * c["bodySize"]
    if c.get("body"):
        return c["body"].encode()
    return None


def with_urllib(c):
    import urllib.error
    import urllib.request

    handlers = [urllib.request.ProxyHandler({"http": c["proxy"]} if c.get("proxy") else {})]
    if c.get("user"):
        m = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        m.add_password(None, c["url"], c["user"], c["password"])
        handlers.append(urllib.request.HTTPBasicAuthHandler(m))
    if c.get("proxyUser"):
        m = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        m.add_password(None, c["proxy"], c["proxyUser"], c["proxyPassword"])
        handlers.append(urllib.request.ProxyBasicAuthHandler(m))
    opener = urllib.request.build_opener(*handlers)
    a = {}
    for _ in range(c["times"]):
        req = urllib.request.Request(c["url"], data=content(c), method=c["method"], headers=c.get("headers") or {})
        try:
            with opener.open(req, timeout=20) as r:
                a = answer(r.status, r.read(), r.headers)
        except urllib.error.HTTPError as e:
            a = answer(e.code, e.read(), e.headers)
        except Exception as e:
            a = {"error": repr(e)}
    return a


def with_requests(c):
    import requests

    s = requests.Session()
    s.trust_env = False
    kw = {"data": content(c), "headers": c.get("headers") or {}, "timeout": 20}
    if c.get("user"):
        kw["auth"] = requests.auth.HTTPBasicAuth(c["user"], c["password"])
    if c.get("proxy"):
        kw["proxies"] = {"http": c["proxy"]}
    if c.get("proxyUser"):
        kw["auth"] = requests.auth.HTTPProxyAuth(c["proxyUser"], c["proxyPassword"])
    a = {}
    for _ in range(c["times"]):
        try:
            r = s.request(c["method"], c["url"], **kw)
            a = answer(r.status_code, r.content, r.headers)
        except Exception as e:
            a = {"error": repr(e)}
    return a


def answer(status, body, headers):
    return {
        "status": status,
        "bodyLength": len(body or b""),
        "headers": {k.lower(): v for k, v in headers.items()},
        "interim": [],
    }


c = json.loads(sys.argv[2])
print(json.dumps(with_urllib(c) if sys.argv[1] == "urllib" else with_requests(c)))
