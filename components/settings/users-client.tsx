"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage, fieldErrors, qs } from "@/components/admin/api";
import { ListError } from "@/components/admin/list-states";
import { useNotify } from "@/components/admin/notify";
import { FilterSelect, SearchBox, Toolbar } from "@/components/admin/toolbar";
import { useUrlState } from "@/components/admin/url-state";
import type { OrgUser, UserListPage } from "@/components/admin/users";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog, DialogActions } from "@/components/ui/dialog";
import { controlClass, Field, FormError } from "@/components/ui/admin-field";
import { TableCard, Tbody, Td, Th } from "@/components/ui/admin-table";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { type UserRole, userRoles } from "@/db/schema/enums";
import { usersListKey } from "./queries";

const roleInfo: Record<UserRole, string> = {
  admin: "Everything, including users, settings and the audit log",
  manager: "Runs of the whole organization, approvals, workflow definitions",
  recruiter: "Starts and operates runs, jobs, candidates, interviews and todos",
  analyst: "Reads runs and analytics; cannot change anything",
};
const roleName = (r: UserRole) => r.charAt(0).toUpperCase() + r.slice(1);

/** 16 characters from an unambiguous alphabet, from the browser's CSPRNG. */
function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** People of the organization: add, change role, deactivate and reactivate (admins only). */
export function UsersClient({ me }: { me: string }) {
  const url = useUrlState();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const filters = { q: url.get("q"), role: url.get("role"), active: url.get("active") };
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<OrgUser | null>(null);
  const list = useQuery({
    queryKey: usersListKey(filters),
    queryFn: ({ signal }) =>
      api<UserListPage>(
        `/api/users${qs({ q: filters.q, role: filters.role, is_active: filters.active || undefined, limit: 100 })}`,
        { signal },
      ),
  });

  const update = useMutation({
    mutationFn: ({ user, patch }: { user: OrgUser; patch: { role?: UserRole; is_active?: boolean } }) =>
      api<OrgUser>(`/api/users/${user.id}`, { method: "PATCH", json: patch }),
    onSuccess: (u, { patch }) => {
      notify(
        patch.role
          ? `${u.name} is now ${patch.role === "admin" || patch.role === "analyst" ? "an" : "a"} ${patch.role}`
          : u.is_active
            ? `Reactivated ${u.name}`
            : `Deactivated ${u.name}`,
        "success",
        patch.is_active === false ? "They can no longer sign in; their tokens stop working." : undefined,
      );
      setDeactivating(null);
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => {
      notify(errorMessage(error), "error");
      // a refused role change must put the select back
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
  });

  const rows = list.data?.users ?? [];

  return (
    <section aria-labelledby="users-heading">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="users-heading" className="text-base font-semibold">
            Users and roles
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Deactivated users keep their history but cannot sign in. The organization always keeps one active
            admin.
          </p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          Add user
        </Button>
      </div>
      <Toolbar label="Filter users">
        <SearchBox
          label="Search users"
          placeholder="Name or e-mail…"
          value={filters.q}
          onChange={(v) => url.set({ q: v })}
        />
        <FilterSelect
          label="Role"
          className="w-full sm:w-40"
          value={filters.role}
          onChange={(v) => url.set({ role: v })}
          options={[
            { value: "", label: "Any role" },
            ...userRoles.map((r) => ({ value: r, label: roleName(r) })),
          ]}
        />
        <FilterSelect
          label="Status"
          className="w-full sm:w-40"
          value={filters.active}
          onChange={(v) => url.set({ active: v })}
          options={[
            { value: "", label: "Everyone" },
            { value: "true", label: "Active" },
            { value: "false", label: "Deactivated" },
          ]}
        />
      </Toolbar>
      {list.isError ? (
        <ListError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <p className="text-sm">Loading users…</p>
      ) : (
        <TableCard caption="Users">
          <thead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Status</Th>
              <Th className="hidden md:table-cell">Last sign-in</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </thead>
          <Tbody>
            {rows.map((u) => {
              const self = u.id === me;
              return (
                <tr key={u.id} data-testid="user-row">
                  <Td>
                    <div className="font-medium">
                      {u.name} {self ? <Badge tone="blue">You</Badge> : null}
                    </div>
                    <div className="text-xs text-slate-600 dark:text-slate-400">{u.email}</div>
                  </Td>
                  <Td>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.name}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      value={u.role}
                      disabled={self || !u.is_active || update.isPending}
                      title={self ? "You cannot change your own role" : roleInfo[u.role]}
                      onChange={(e) =>
                        update.mutate({ user: u, patch: { role: e.target.value as UserRole } })
                      }
                      className={`${controlClass} w-36 py-1.5`}
                    >
                      {userRoles.map((r) => (
                        <option key={r} value={r}>
                          {roleName(r)}
                        </option>
                      ))}
                    </select>
                  </Td>
                  <Td>{u.is_active ? <Badge tone="green">Active</Badge> : <Badge>Deactivated</Badge>}</Td>
                  <Td className="hidden text-slate-600 md:table-cell dark:text-slate-400">
                    {u.last_login_at ? <RelativeTime iso={u.last_login_at} /> : "Never"}
                  </Td>
                  <Td className="text-right">
                    {self ? null : u.is_active ? (
                      <Button
                        size="sm"
                        variant="danger"
                        onClick={() => setDeactivating(u)}
                        aria-label={`Deactivate ${u.name}`}
                      >
                        Deactivate
                      </Button>
                    ) : (
                      <Button
                        size="sm"
                        onClick={() => update.mutate({ user: u, patch: { is_active: true } })}
                        pending={update.isPending && update.variables?.user.id === u.id}
                        aria-label={`Reactivate ${u.name}`}
                      >
                        Reactivate
                      </Button>
                    )}
                  </Td>
                </tr>
              );
            })}
          </Tbody>
        </TableCard>
      )}
      <dl className="mt-4 grid gap-2 text-xs text-slate-600 sm:grid-cols-2 dark:text-slate-400">
        {userRoles.map((r) => (
          <div key={r}>
            <dt className="inline font-medium text-slate-800 dark:text-slate-200">{roleName(r)}: </dt>
            <dd className="inline">{roleInfo[r]}</dd>
          </div>
        ))}
      </dl>
      {creating ? (
        <CreateUserDialog
          onClose={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            notify(`Added ${u.name}`, "success", `They can sign in as ${u.email}.`);
            void queryClient.invalidateQueries({ queryKey: ["users"] });
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deactivating !== null}
        title={`Deactivate ${deactivating?.name ?? ""}?`}
        confirmLabel="Deactivate"
        pending={update.isPending}
        onClose={() => setDeactivating(null)}
        onConfirm={() => deactivating && update.mutate({ user: deactivating, patch: { is_active: false } })}
      >
        They can no longer sign in and their API tokens stop working. Their runs, approvals and audit history
        stay. You can reactivate them later.
      </ConfirmDialog>
    </section>
  );
}

function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (u: OrgUser) => void }) {
  const [password, setPassword] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: { name: string; email: string; role: UserRole; password: string }) =>
      api<OrgUser>("/api/users", { method: "POST", json: body }),
    onSuccess: onCreated,
  });
  const errors = { ...fieldErrors(create.error), ...local };
  const general =
    create.error && Object.keys(fieldErrors(create.error)).length === 0 ? errorMessage(create.error) : null;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (n: string) => String(data.get(n) ?? "").trim();
    const problems: Record<string, string> = {};
    if (!text("name")) problems.name = "Enter their name.";
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text("email"))) problems.email = "Enter a valid e-mail address.";
    if (password.length < 12) problems.password = "At least 12 characters.";
    setLocal(problems);
    if (Object.keys(problems).length) return;
    create.mutate({ name: text("name"), email: text("email"), role: text("role") as UserRole, password });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Add a user"
      description="They sign in with this e-mail and password; share the password with them securely."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormError message={general} />
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} name="name" autoComplete="off" className={controlClass} />}
        </Field>
        <Field label="E-mail" error={errors.email}>
          {(p) => <input {...p} name="email" type="email" autoComplete="off" className={controlClass} />}
        </Field>
        <Field label="Role" hint="What they may do; you can change it later." error={errors.role}>
          {(p) => (
            <select {...p} name="role" defaultValue="recruiter" className={controlClass}>
              {userRoles.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)} — {roleInfo[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Initial password"
          hint="At least 12 characters. Stored only as a hash."
          error={errors.password}
        >
          {(p) => (
            <div className="flex gap-2">
              <input
                {...p}
                name="password"
                type="text"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                className={`${controlClass} font-mono`}
              />
              <Button onClick={() => setPassword(generatePassword())}>Generate</Button>
            </div>
          )}
        </Field>
        <DialogActions>
          <Button onClick={onClose} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={create.isPending}>
            Add user
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
