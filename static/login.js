// Signing in to the dashboard: the login screen, the first-run screen (opened by the one-time
// link `deno task serve` prints while no account exists), the signed-in user's name, role and
// sign-out button, and `useAuth()` for parts that depend on the role. The session is an HttpOnly
// cookie the page never sees; changes carry the session's CSRF token (api.js).
import { html } from "htm/preact";
import { createContext } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { getJson, postJson, setCsrfToken, SIGNED_OUT_EVENT } from "./api.js";
import { LangContext } from "./i18n.js";

const LABELS = {
  ko: {
    login_title: "로그인",
    login_user: "사용자 이름",
    login_password: "비밀번호",
    login_submit: "로그인",
    login_wrong: "사용자 이름 또는 비밀번호가 틀렸습니다",
    login_expired: "세션이 끝났습니다. 다시 로그인하세요",
    login_limited: "시도가 너무 많습니다. 잠시 후 다시 시도하세요",
    login_no_account:
      "아직 계정이 없습니다. 서버를 시작할 때 출력된 설정 링크를 여세요 (또는 deno task create-admin).",
    setup_title: "첫 관리자 계정 만들기",
    setup_intro: "이 링크는 한 번만 쓸 수 있습니다. 관리자 이름과 비밀번호를 정하세요.",
    setup_again: "비밀번호 확인",
    setup_rule: "비밀번호는 12–128자",
    setup_mismatch: "두 비밀번호가 다릅니다",
    setup_submit: "관리자 만들기",
    logout: "로그아웃",
    role_viewer: "조회",
    role_operator: "운영자",
    role_admin: "관리자",
    view_only: "조회 전용 계정입니다: 충전기를 제어할 수 없습니다",
  },
  en: {
    login_title: "Sign in",
    login_user: "User name",
    login_password: "Password",
    login_submit: "Sign in",
    login_wrong: "Wrong user name or password",
    login_expired: "Your session ended; sign in again",
    login_limited: "Too many attempts; try again shortly",
    login_no_account:
      "No account yet: open the setup link the server printed at start (or run deno task create-admin).",
    setup_title: "Create the first admin account",
    setup_intro: "This link works once. Choose the admin's name and password.",
    setup_again: "Password again",
    setup_rule: "Passwords have 12–128 characters",
    setup_mismatch: "The two passwords differ",
    setup_submit: "Create admin",
    logout: "Sign out",
    role_viewer: "viewer",
    role_operator: "operator",
    role_admin: "admin",
    view_only: "View-only account: charger control is not available",
  },
};

function useAuthT() {
  const lang = useContext(LangContext);
  return useMemo(() => (key) => LABELS[lang]?.[key] ?? LABELS.ko[key] ?? key, [lang]);
}

const AuthContext = createContext({ me: null, signOut: () => {} });

/** The signed-in caller (`GET /auth/me`) and `signOut()`. */
export function useAuth() {
  return useContext(AuthContext);
}

/** Whether the signed-in caller may control chargers (operator or admin). */
export function useCanControl() {
  return useAuth().me?.role !== "viewer";
}

/** The one-time setup token from a `#setup=…` link, if the page was opened with one. */
function setupTokenOfUrl() {
  const match = /^#setup=([\w-]+)$/.exec(location.hash);
  return match ? match[1] : null;
}

function messageOf(error, t) {
  if (error?.status === 401) return t("login_wrong");
  if (error?.status === 429) return t("login_limited");
  return error?.message ?? String(error);
}

function Field({ label, name, type = "text", value, onInput, autocomplete }) {
  return html`
    <label class="field">
      <span>${label}</span>
      <input name=${name} type=${type} value=${value} autocomplete=${autocomplete} required
        onInput=${(e) => onInput(e.currentTarget.value)} />
    </label>
  `;
}

function LoginForm({ onSignedIn, notice, isSetupRequired }) {
  const t = useAuthT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [isBusy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      onSignedIn(await postJson("/auth/login", { username, password }));
    } catch (failure) {
      setError(messageOf(failure, t));
      setPassword("");
    }
    setBusy(false);
  };
  return html`
    <form class="card auth login" onSubmit=${submit}>
      <h2>${t("login_title")}</h2>
      ${notice && html`<p class="muted" data-field="login-notice">${t(notice)}</p>`}
      ${isSetupRequired &&
        html`<p class="muted" data-field="no-account">${t("login_no_account")}</p>`}
      <${Field} label=${t("login_user")} name="username" value=${username} onInput=${setUsername}
        autocomplete="username" />
      <${Field} label=${t("login_password")} name="password" type="password" value=${password}
        onInput=${setPassword} autocomplete="current-password" />
      ${error && html`<p class="error" role="alert" data-field="login-error">${error}</p>`}
      <button class="primary" type="submit" disabled=${isBusy}>${t("login_submit")}</button>
    </form>
  `;
}

function SetupForm({ token, onSignedIn }) {
  const t = useAuthT();
  const [username, setUsername] = useState("admin");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState("");
  const submit = async (event) => {
    event.preventDefault();
    if (password !== again) return setError(t("setup_mismatch"));
    try {
      const me = await postJson("/auth/setup", { token, username, password });
      history.replaceState(null, "", location.pathname); // the token is spent: out of the URL
      onSignedIn(me);
    } catch (failure) {
      setError(failure?.status === 401 ? failure.message : messageOf(failure, t));
    }
  };
  return html`
    <form class="card auth setup" onSubmit=${submit}>
      <h2>${t("setup_title")}</h2>
      <p class="muted">${t("setup_intro")}</p>
      <${Field} label=${t("login_user")} name="username" value=${username} onInput=${setUsername}
        autocomplete="username" />
      <${Field} label=${t("login_password")} name="password" type="password" value=${password}
        onInput=${setPassword} autocomplete="new-password" />
      <${Field} label=${t("setup_again")} name="again" type="password" value=${again}
        onInput=${setAgain} autocomplete="new-password" />
      <p class="muted">${t("setup_rule")}</p>
      ${error && html`<p class="error" role="alert" data-field="login-error">${error}</p>`}
      <button class="primary" type="submit">${t("setup_submit")}</button>
    </form>
  `;
}

/** The signed-in user's name and role, and the sign-out button (for the header). */
export function UserMenu() {
  const t = useAuthT();
  const { me, signOut } = useAuth();
  if (!me) return null;
  return html`
    <span class="user" data-username=${me.username} data-role=${me.role}>
      ${me.username} · ${t(`role_${me.role}`)}
      ${me.kind === "session" &&
        html`<button class="link" name="logout" onClick=${signOut}>${t("logout")}</button>`}
    </span>
  `;
}

/** A note for view-only accounts, where control buttons would be. */
export function ViewOnlyNote() {
  const t = useAuthT();
  return html`<p class="muted" data-field="view-only">${t("view_only")}</p>`;
}

/**
 * Shows `children` (the dashboard) to a signed-in caller, else the login screen, or the
 * first-run screen when opened with the setup link. `header` is shown above the forms.
 */
export function AuthGate({ children, header }) {
  const [state, setState] = useState({ phase: "loading" });
  // The setup link may be pasted into a tab already showing the login screen.
  const [, setHash] = useState(location.hash);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const signedIn = (me) => {
    setCsrfToken(me.csrf_token ?? null);
    setState({ phase: "in", me });
  };
  const signedOut = (notice) => {
    setCsrfToken(null);
    setState({ phase: "out", notice });
  };
  useEffect(() => {
    getJson("/auth/me").then((me) =>
      me.signed_in ? signedIn(me) : setState({ phase: "out", isSetupRequired: me.setup_required })
    ).catch((error) => setState({ phase: "out", error }));
    const onSignedOut = () => signedOut("login_expired");
    addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);
  const signOut = async () => {
    try {
      await postJson("/auth/logout", {});
    } finally {
      signedOut(null);
    }
  };
  if (state.phase === "loading") return null;
  if (state.phase === "in") {
    return html`
      <${AuthContext.Provider} value=${{ me: state.me, signOut }}>${children}</${AuthContext
        .Provider}>
    `;
  }
  const token = setupTokenOfUrl();
  return html`
    ${header}
    <main class="auth-page" data-auth=${token ? "setup" : "login"}>
      ${token ? html`<${SetupForm} token=${token} onSignedIn=${signedIn} />` : html`
        <${LoginForm} onSignedIn=${signedIn} notice=${state.notice}
          isSetupRequired=${state.isSetupRequired} />
      `}
    </main>
  `;
}
